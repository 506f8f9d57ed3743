/// The version of AnalogSim, recorded in every result file.
public enum AnalogSimVersion {
    public static let current = "0.1.0"
}
