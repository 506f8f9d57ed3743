import Foundation

/// Fits a device model to a measured potentiation and depression train and builds the profile
/// of the fitted device: the library side of `analogsim device fit` (`docs/fitting.md`).
///
/// `PulsePositionFit` fits the pulse-position model, `StepModelFit` the step models. The
/// profile's noise and variation keys are 0, because one train cannot separate them from the
/// curve, and its `source` names the file, the command and the residual. Before it is returned,
/// the profile is encoded and read back through `DeviceProfileReader`, so a fit that passes
/// here loads wherever a profile file does.
public enum DeviceFitter {
    /// Fits `model` to `measurement`. `nodeCount` is the node count of the piecewise model;
    /// `name` names the profile; `command` is the command line recorded in the profile's source.
    public static func fit(_ measurement: PulseTrainMeasurement, model: DeviceFitModel,
                           nodeCount: Int = DeviceFitModel.defaultNodeCount, name: String, command: String) throws -> DeviceFitResult {
        try checkProfileName(name)
        precondition(DeviceFitModel.nodeCounts.contains(nodeCount), "the node count is checked by the caller")

        let modelFit: ModelFit
        switch model {
        case .nonlinear:
            modelFit = try PulsePositionFit.fit(measurement)
        case .softBounds:
            modelFit = try StepModelFit.fit(measurement, model: model, shapes: [SoftBoundsShape()])
        case .exponentialStep:
            modelFit = try StepModelFit.fit(measurement, model: model,
                                            shapes: [ExponentialStepShape(exponentSign: 1), ExponentialStepShape(exponentSign: -1)])
        case .piecewise:
            modelFit = try StepModelFit.fit(measurement, model: model, shapes: [PiecewiseStepShape(nodeCount: nodeCount)])
        }

        let unit = measurement.unit
        let residual = modelFit.residualRootMeanSquare / unit.siemens
        let fileName = (measurement.path as NSString).lastPathComponent
        let profile = DeviceProfile(
            name: name,
            description: "\(model.profileModelName) model fitted to \(fileName); \(modelFit.descriptionDetail)",
            source: String(format: "fitted to %@ with '%@' (AnalogSim %@): %d readings, residual RMS %.3g %@",
                           measurement.path, command, AnalogSimVersion.current, measurement.readings.count, residual, unit.symbol),
            parameters: modelFit.parameters)
        try validate(profile, path: measurement.path, model: model)
        return DeviceFitResult(model: model, quantities: modelFit.quantities, pointCount: measurement.readings.count,
                               parameterCount: modelFit.parameterCount, residualRootMeanSquare: residual, unit: unit,
                               iterations: modelFit.iterations, profile: profile)
    }

    /// Throws `DeviceFitError.invalidName` unless `name` can name a profile: letters, digits,
    /// `.`, `_` and `-`, starting with a letter or digit.
    public static func checkProfileName(_ name: String) throws {
        guard DeviceProfileReader.isIdentifier(name) else {
            throw DeviceFitError.invalidName(name: name)
        }
    }

    /// Returns the profile name for data file `path` when none is given: the file's name without its
    /// extension, with characters that a name cannot contain replaced by `-`.
    public static func defaultProfileName(forDataPath path: String) -> String {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        let cleaned = String(stem.map { allowed.contains($0) ? $0 : "-" })
        return DeviceProfileReader.isIdentifier(cleaned) ? cleaned : "fitted-" + cleaned.drop { !$0.isLetter && !$0.isNumber }
    }

    /// Encodes the profile and reads it back, turning a rejected value into a message about the fit.
    private static func validate(_ profile: DeviceProfile, path: String, model: DeviceFitModel) throws {
        let encoder = JSONEncoder()
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try encoder.encode(profile))
        } catch {
            throw DeviceFitError.invalidProfile(path: path, model: model, reason: "it cannot be encoded as JSON (\(error)).")
        }
        do {
            _ = try DeviceProfileReader.parse(bytes: bytes, path: path)
        } catch let error as DeviceProfileError {
            switch error {
            case .invalidValue(_, let key, let problem):
                throw DeviceFitError.invalidProfile(path: path, model: model, reason: "'\(key)' \(problem)")
            default:
                throw DeviceFitError.invalidProfile(path: path, model: model, reason: error.message)
            }
        }
    }
}
