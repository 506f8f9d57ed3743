/// Reading and checking the step-model profiles; see `docs/devices/step-models.md` for the format.
extension DeviceProfileReader {
    static let stepKeys = ["step", "bounds", "writeNoise", "reset", "lifetime"]
    static let stepModelKeys = ["linear", "softBounds", "exponential", "power", "piecewise"]
    static let stepObjectKeys = ["minimum", "deviceToDevice", "logNormal", "cycleToCycle", "upDownAsymmetry", "upDownAsymmetryDeviceToDevice"]
    static let boundsKeys = ["minimum", "maximum", "minimumDeviceToDevice", "maximumDeviceToDevice"]
    static let linearKeys = ["slopeUp", "slopeDown", "slopeUpDeviceToDevice", "slopeDownDeviceToDevice", "meanBoundReference",
                             "multiplicativeNoise", "allowIncreasing"]
    static let exponentialKeys = ["amplitudeUp", "amplitudeDown", "gammaUp", "gammaDown", "a", "b", "noiseAdditive", "noiseSlope"]
    static let powerKeys = ["gamma", "upDownAsymmetry", "gammaDeviceToDevice", "upDownAsymmetryDeviceToDevice"]

    /// The largest magnitude accepted for bounds and curve constants, which keeps the single-precision
    /// arithmetic finite.
    static let largestStepModelValue = 1e6
    /// The smallest dw_min accepted, as a fraction of the weight range.
    static let smallestStepFraction = 1e-6

    static func readStepModel(_ reader: ProfileObjectReader, model: String) throws -> StepDeviceParameters {
        let path = reader.path
        let modelKey: String? = [
            LinearStep.modelName: "linear", SoftBoundsStep.modelName: "softBounds", ExponentialStep.modelName: "exponential",
            PowerStep.modelName: "power", PiecewiseStep.modelName: "piecewise",
        ][model]
        try reader.rejectUnknownKeys(validKeys: topLevelKeys + stepKeys + (modelKey.map { [$0] } ?? []))

        guard let bounds = try reader.object("bounds", required: true, hint: "Give the weight bounds, for example \"bounds\": {\"minimum\": -1, \"maximum\": 1}.")
        else { preconditionFailure("required objects are returned or thrown") }
        try bounds.rejectUnknownKeys(validKeys: boundsKeys)
        let minimumWeight = try bounds.number("minimum", hint: "Give w_min, at most 0.") { value in
            (-largestStepModelValue...0).contains(value) ? nil
                : "is \(ProfileChecks.format(value)), but the lower weight bound must be in [−1e6, 0] (aihwkit's devices span zero)."
        }
        let maximumWeight = try bounds.number("maximum", hint: "Give w_max, at least 0.") { value in
            (0...largestStepModelValue).contains(value) ? nil
                : "is \(ProfileChecks.format(value)), but the upper weight bound must be in [0, 1e6] (aihwkit's devices span zero)."
        }
        guard minimumWeight < maximumWeight else {
            throw DeviceProfileError.invalidValue(path: path, key: "bounds.minimum",
                                                  problem: "(\(ProfileChecks.format(minimumWeight))) must be below bounds.maximum (\(ProfileChecks.format(maximumWeight))).")
        }
        let spread = ProfileChecks.within(0...1, meaning: "a relative device-to-device spread")
        let minimumWeightSpread = try bounds.number("minimumDeviceToDevice", default: 0, check: spread)
        let maximumWeightSpread = try bounds.number("maximumDeviceToDevice", default: 0, check: spread)

        guard let step = try reader.object("step", required: true, hint: "Give the step, for example \"step\": {\"minimum\": 0.001}.")
        else { preconditionFailure("required objects are returned or thrown") }
        try step.rejectUnknownKeys(validKeys: stepObjectKeys)
        let range = maximumWeight - minimumWeight
        let minimumStep = try step.number("minimum", hint: "Give dw_min, the weight change of one pulse, for example 0.001.") { value in
            value >= smallestStepFraction * range && value < range ? nil
                : "is \(ProfileChecks.format(value)), but dw_min must be at least \(ProfileChecks.format(smallestStepFraction)) of the weight range (\(ProfileChecks.format(smallestStepFraction * range))) and below the range (\(ProfileChecks.format(range))); single-precision weights do not resolve smaller steps."
        }
        let parameters = StepDeviceParameters(
            response: try readResponse(reader, model: model),
            minimumStep: minimumStep,
            minimumStepDeviceToDevice: try step.number("deviceToDevice", default: 0, check: spread),
            minimumStepLogNormal: try step.bool("logNormal", default: false),
            cycleToCycle: try step.number("cycleToCycle", default: 0, check: ProfileChecks.within(0...20, meaning: "the cycle-to-cycle spread relative to the step")),
            upDownAsymmetry: try step.number("upDownAsymmetry", default: 0) { value in
                abs(value) < 1 ? nil : "is \(ProfileChecks.format(value)), but the up/down asymmetry must be in (−1, 1)."
            },
            upDownAsymmetryDeviceToDevice: try step.number("upDownAsymmetryDeviceToDevice", default: 0, check: spread),
            minimumWeight: minimumWeight, maximumWeight: maximumWeight,
            minimumWeightDeviceToDevice: minimumWeightSpread, maximumWeightDeviceToDevice: maximumWeightSpread,
            writeNoise: try reader.number("writeNoise", default: 0, check: ProfileChecks.within(0...1000, meaning: "the write noise in units of dw_min")))
        return try readResetAndLifetime(reader, into: parameters)
    }

    private static func readResetAndLifetime(_ reader: ProfileObjectReader, into parameters: StepDeviceParameters) throws -> StepDeviceParameters {
        var parameters = parameters
        if let reset = try reader.object("reset", required: false) {
            try reset.rejectUnknownKeys(validKeys: ["weight", "deviceToDevice"])
            parameters.resetWeight = try reset.number("weight", hint: "Give the weight a reset sets.") { value in
                (parameters.minimumWeight...parameters.maximumWeight).contains(value) ? nil
                    : "is \(ProfileChecks.format(value)), but a reset weight must lie within the bounds [\(ProfileChecks.format(parameters.minimumWeight)), \(ProfileChecks.format(parameters.maximumWeight))]."
            }
            parameters.resetWeightDeviceToDevice = try reset.number(
                "deviceToDevice", default: 0, check: ProfileChecks.within(0...largestStepModelValue, meaning: "an absolute spread"))
        }
        if let lifetime = try reader.object("lifetime", required: false) {
            try lifetime.rejectUnknownKeys(validKeys: ["samples", "deviceToDevice"])
            parameters.lifetime = try lifetime.number("samples", hint: "Give the retention time in training samples, 0 for none.") { value in
                value == 0 || (value > 1 && value <= 1e15) ? nil
                    : "is \(ProfileChecks.format(value)), but it is a retention time in training samples and must be 0 (none) or above 1 (up to 1e15)."
            }
            parameters.lifetimeDeviceToDevice = try lifetime.number(
                "deviceToDevice", default: 0, check: ProfileChecks.within(0...1, meaning: "a relative device-to-device spread"))
        }
        return parameters
    }

    private static func readResponse(_ reader: ProfileObjectReader, model: String) throws -> StepResponse {
        let spread = ProfileChecks.within(0...100, meaning: "a device-to-device spread")
        switch model {
        case ConstantStep.modelName:
            return .constant
        case LinearStep.modelName:
            let linear = try requiredObject(reader, "linear", keys: linearKeys,
                                            hint: "Give the slopes, for example \"linear\": {\"slopeUp\": 0.5, \"slopeDown\": 0.3}.")
            let allowIncreasing = try linear.bool("allowIncreasing", default: false)
            let slope = allowIncreasing
                ? ProfileChecks.within(-1000...1000, meaning: "a slope γ")
                : ProfileChecks.within(0...1000, meaning: "a slope γ (negative slopes need \"allowIncreasing\": true)")
            return .linear(LinearStep(
                slopeUp: try linear.number("slopeUp", hint: "Give γ⁺.", check: slope),
                slopeDown: try linear.number("slopeDown", hint: "Give γ⁻.", check: slope),
                slopeUpDeviceToDevice: try linear.number("slopeUpDeviceToDevice", default: 0, check: spread),
                slopeDownDeviceToDevice: try linear.number("slopeDownDeviceToDevice", default: 0, check: spread),
                meanBoundReference: try linear.bool("meanBoundReference", default: true),
                multiplicativeNoise: try linear.bool("multiplicativeNoise", default: true),
                allowIncreasing: allowIncreasing))
        case SoftBoundsStep.modelName:
            let softBounds = try reader.object("softBounds", required: false)
            try softBounds?.rejectUnknownKeys(validKeys: ["multiplicativeNoise"])
            return .softBounds(SoftBoundsStep(multiplicativeNoise: try softBounds?.bool("multiplicativeNoise", default: true) ?? true))
        case ExponentialStep.modelName:
            let exponential = try requiredObject(reader, "exponential", keys: exponentialKeys,
                                                 hint: "Give amplitudeUp, amplitudeDown, gammaUp, gammaDown, a and b.")
            let constant = ProfileChecks.within(-largestStepModelValue...largestStepModelValue, meaning: "a curve constant")
            let gamma = ProfileChecks.within(0...100, meaning: "an exponent γ")
            let noise = ProfileChecks.within(0...largestStepModelValue, meaning: "a noise term in weight units")
            return .exponential(ExponentialStep(
                amplitudeUp: try exponential.number("amplitudeUp", hint: "Give A_up.", check: constant),
                amplitudeDown: try exponential.number("amplitudeDown", hint: "Give A_down.", check: constant),
                gammaUp: try exponential.number("gammaUp", hint: "Give γ_up.", check: gamma),
                gammaDown: try exponential.number("gammaDown", hint: "Give γ_down.", check: gamma),
                a: try exponential.number("a", hint: "Give a.", check: constant),
                b: try exponential.number("b", hint: "Give b.", check: constant),
                noiseAdditive: try exponential.number("noiseAdditive", default: 0, check: noise),
                noiseSlope: try exponential.number("noiseSlope", default: 0, check: noise)))
        case PowerStep.modelName:
            let power = try requiredObject(reader, "power", keys: powerKeys, hint: "Give the exponent, for example \"power\": {\"gamma\": 2}.")
            return .power(PowerStep(
                gamma: try power.number("gamma", hint: "Give γ.") { value in
                    value > 0 && value <= 100 ? nil : "is \(ProfileChecks.format(value)), but the exponent γ must be in (0, 100]."
                },
                upDownAsymmetry: try power.number("upDownAsymmetry", default: 0) { value in
                    abs(value) < 1 ? nil : "is \(ProfileChecks.format(value)), but the exponent asymmetry must be in (−1, 1)."
                },
                gammaDeviceToDevice: try power.number("gammaDeviceToDevice", default: 0, check: ProfileChecks.within(0...1, meaning: "a relative device-to-device spread")),
                upDownAsymmetryDeviceToDevice: try power.number("upDownAsymmetryDeviceToDevice", default: 0, check: ProfileChecks.within(0...1, meaning: "an absolute device-to-device spread"))))
        case PiecewiseStep.modelName:
            let piecewise = try requiredObject(reader, "piecewise", keys: ["up", "down"],
                                               hint: "Give the node values, for example \"piecewise\": {\"up\": [1, 0.5], \"down\": [0.5, 1]}.")
            let node = ProfileChecks.within(0...largestStepModelValue, meaning: "a step factor")
            let up = try piecewise.numbers("up", hint: "Give the up-step factors at equally spaced weights.", check: node)
            let down = try piecewise.numbers("down", hint: "Give the down-step factors at equally spaced weights.", check: node)
            guard (1...1000).contains(up.count), up.count == down.count else {
                throw DeviceProfileError.invalidValue(
                    path: reader.path, key: "piecewise.down",
                    problem: "has \(down.count) nodes and piecewise.up has \(up.count); give both the same number of nodes, from 1 to 1000.")
            }
            guard up.contains(where: { $0 > 0 }), down.contains(where: { $0 > 0 }) else {
                throw DeviceProfileError.invalidValue(path: reader.path, key: up.contains(where: { $0 > 0 }) ? "piecewise.down" : "piecewise.up",
                                                      problem: "has no positive node, so pulses of that direction never move the weight; give at least one positive factor.")
            }
            return .piecewise(PiecewiseStep(upNodes: up, downNodes: down))
        default:
            preconditionFailure("the model name was checked against the known models")
        }
    }

    private static func requiredObject(_ reader: ProfileObjectReader, _ key: String, keys: [String], hint: String) throws -> ProfileObjectReader {
        guard let object = try reader.object(key, required: true, hint: hint) else {
            preconditionFailure("required objects are returned or thrown")
        }
        try object.rejectUnknownKeys(validKeys: keys)
        return object
    }
}
