import AnalogSimCLI
import Foundation

let status = CommandLineTool.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    output: FileDescriptorSink.standardOutput,
    errors: FileDescriptorSink.standardError)
exit(status)
