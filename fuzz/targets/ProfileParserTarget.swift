// libFuzzer target for the device-profile reader. It is compiled together with the sources of
// the AnalogSim library by fuzz/run.sh, not by `swift build`.
import Foundation

/// Parses the input as a profile. Any `DeviceProfileError` is an expected outcome; any other
/// error, a trap or a memory error is a finding. A profile that passes validation must also
/// build devices that stay finite and inside their bounds under full pulse trains.
@_cdecl("LLVMFuzzerTestOneInput")
public func profileParserFuzzTarget(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let profile: DeviceProfile
    do {
        profile = try DeviceProfileReader.parse(bytes: bytes, path: "fuzz-input.json")
    } catch is DeviceProfileError {
        return 0
    } catch {
        fatalError("the profile reader threw an error that is not a DeviceProfileError: \(error)")
    }
    exerciseDevices(of: profile.model)
    return 0
}

/// The maximum number of pulses in one train that the target sends, so that a profile with a
/// million levels does not slow the fuzzer down to a few inputs per second.
private let largestTrain = 2_000

private func exerciseDevices<Model: DeviceModel>(of model: Model) {
    let devices = model.makePopulation(count: 4, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
    let noise = RandomSource(seed: 2, stream: .cycleToCycle(layer: 0))
    let trains = model.fullTrainPulseCounts
    for device in 0..<devices.count {
        requireInvariant(devices, device: device, after: "drawing the devices")
        devices.applyPulses(min(trains.potentiation, largestTrain), toDevice: device, noise: noise)
        requireInvariant(devices, device: device, after: "a full potentiation train")
        devices.applyPulses(-min(trains.depression, largestTrain), toDevice: device, noise: noise)
        requireInvariant(devices, device: device, after: "a full depression train")
        for pulses in [1, -1, 3, -2] {
            devices.applyPulses(pulses, toDevice: device, noise: noise)
            requireInvariant(devices, device: device, after: "\(pulses) pulses")
        }
        let range = devices.nominalMaximumConductance - devices.nominalMinimumConductance
        for change in [range / 7, -range / 3, range] {
            let count = devices.roundedPulseCount(forChange: change, device: device)
            devices.applyPulses(count, toDevice: device, noise: noise)
            requireInvariant(devices, device: device, after: "\(count) pulses for a change of \(change)")
        }
    }
}

private func requireInvariant(_ devices: some DevicePopulation, device: Int, after step: String) {
    if let problem = devices.invariantViolation(device: device) {
        fatalError("device \(device) after \(step): \(problem)")
    }
}
