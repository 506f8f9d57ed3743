/// The figure of `analogsim device show P --plot FILE`, in two panels:
/// - (a) conductance against pulse number over a full potentiation train from Gmin and then a
///   full depression train, for the nominal device and for devices drawn with the profile's
///   device-to-device variation, so the spread between devices is visible;
/// - (b) the nominal device's step size |ΔG| per pulse against its conductance before the pulse,
///   for potentiation and depression, without cycle-to-cycle noise, which shows the
///   nonlinearity and the asymmetry of the two polarities.
public enum DeviceResponseFigure {
    /// The number of drawn devices when the command line gives none.
    public static let defaultDeviceCount = 8
    /// The maximum number of drawn devices in a figure, because more lines could not be distinguished.
    public static let maximumDeviceCount = 100

    /// Builds the figure of `profile`. `deviceCount` devices are drawn with its device-to-device
    /// variation; with `withNoise`, the curves of panel (a) include cycle-to-cycle noise drawn
    /// from `seed`'s stream. The seed also draws the devices.
    public static func make(profile: DeviceProfile, deviceCount: Int, withNoise: Bool, seed: UInt64) -> Figure {
        let nominal = PulseTrainResponse.measure(profile: profile, withNoise: withNoise, seed: seed)
        let drawn = PulseTrainResponse.measureDrawnDevices(profile: profile, count: deviceCount, withNoise: withNoise, seed: seed)
        let noiseless = withNoise ? PulseTrainResponse.measure(profile: profile, withNoise: false, seed: seed) : nominal

        let pulseTrains = pulseTrainPanel(profile: profile, nominal: nominal, drawn: drawn,
                                          noise: NoiseShown(requested: withNoise, profile: profile), seed: seed)
        let stepSizes = stepSizePanel(profile: profile, nominal: noiseless)
        return Figure(width: 1280, height: 600, panels: [pulseTrains, stepSizes])
    }

    /// Whether the curves of panel (a) show cycle-to-cycle noise: requested with `--noise`, and
    /// present in the profile.
    private enum NoiseShown {
        case shown
        case notRequested
        case absentFromProfile

        init(requested: Bool, profile: DeviceProfile) {
            let sigma: Double
            switch profile.parameters {
            case .pulsePosition(let parameters): sigma = parameters.cycleToCycleSigma
            case .step(let parameters): sigma = max(parameters.cycleToCycle, parameters.writeNoise)
            case .measured(let parameters): sigma = parameters.cycleToCycleSigma
            case .binary(let parameters): sigma = parameters.switchingProbability < 1 ? 1 : 0
            }
            if !requested {
                self = .notRequested
            } else if sigma > 0 {
                self = .shown
            } else {
                self = .absentFromProfile
            }
        }

        var titleText: String {
            switch self {
            case .shown: return "with cycle-to-cycle noise"
            case .notRequested: return "without cycle-to-cycle noise"
            case .absentFromProfile: return "the profile has no cycle-to-cycle noise"
            }
        }
    }

    private static let drawnDeviceColors: [Figure.Color] = [.orange, .skyBlue, .bluishGreen, .blue, .vermillion, .reddishPurple]

    private static func pulseTrainPanel(profile: DeviceProfile, nominal: [PulseTrainResponse.Step],
                                        drawn: [[PulseTrainResponse.Step]], noise: NoiseShown, seed: UInt64) -> Figure.Panel {
        let unit = ConductanceUnit.suited(toLargest: (nominal + drawn.flatMap { $0 }).map(\.conductance).max() ?? 0,
                                          for: profile.stateQuantity)
        let potentiationCount = nominal.filter { $0.polarity == "+" }.count
        let pulseCount = nominal.count - 1

        func line(_ steps: [PulseTrainResponse.Step], label: String?, color: Figure.Color, width: Double) -> Figure.Series {
            Figure.Series(label: label, x: steps.map { Double($0.pulse) }, y: steps.map { unit.scaled($0.conductance) },
                          color: color, lineWidth: width)
        }

        // The nominal curve is listed first in the legend and drawn again last, so the drawn
        // devices do not hide it.
        let nominalLabel = noise == .shown ? String(format: "nominal device with cycle-to-cycle noise (seed %llu)", seed) : "nominal device"
        var series = [line(nominal, label: nominalLabel, color: .black, width: 2.5)]
        for (index, steps) in drawn.enumerated() {
            let color = drawnDeviceColors[index % drawnDeviceColors.count].withOpacity(0.85)
            series.append(line(steps, label: index == 0 ? drawnDevicesLabel(profile: profile, count: drawn.count, withNoise: noise == .shown) : nil,
                               color: color, width: 1.2))
        }
        if !drawn.isEmpty {
            series.append(line(nominal, label: nil, color: .black, width: 2.5))
        }

        return Figure.Panel(
            title: "(a) \(profile.name): full pulse trains, \(noise.titleText)",
            xLabel: "pulse number (\(range(1, potentiationCount)) potentiation, \(range(potentiationCount + 1, pulseCount)) depression)",
            yLabel: profile.stateQuantity == .weight ? "weight w (\(unit.symbol))" : "conductance G (\(unit.symbol))",
            xRange: 0...Double(max(pulseCount, 1)),
            series: series)
    }

    /// Returns the legend text of the drawn devices, which states when the profile has no variation to draw.
    private static func drawnDevicesLabel(profile: DeviceProfile, count: Int, withNoise: Bool) -> String {
        let devices = count == 1 ? "1 drawn device" : "\(count) drawn devices"
        switch profile.parameters {
        case .pulsePosition(let parameters):
            let spreads = parameters.deviceToDevice
            guard spreads.isPresent else {
                let difference = withNoise ? "only their noise differs" : "so they coincide"
                return "\(devices): no device-to-device variation, \(difference)"
            }
            return String(format: "%@, σ_NL %.3g, σ_range %.3g, σ_levels %.3g",
                          devices, spreads.nonlinearitySigma, spreads.conductanceRangeSigma, spreads.levelsSigma)
        case .step(let parameters):
            guard parameters.withoutDeviceVariation() != parameters else {
                let difference = withNoise ? "only their noise differs" : "so they coincide"
                return "\(devices): no device-to-device variation, \(difference)"
            }
            return String(format: "%@, σ_dw %.3g, σ_w_min %.3g, σ_w_max %.3g", devices, parameters.minimumStepDeviceToDevice,
                          parameters.minimumWeightDeviceToDevice, parameters.maximumWeightDeviceToDevice)
        case .measured(let parameters):
            let traces = max(parameters.potentiationTraces.count, parameters.depressionTraces.count)
            return traces > 1 ? "\(devices), each on one of \(traces) measured traces" : "\(devices): one measured trace, so they coincide"
        case .binary(let parameters):
            return String(format: "%@, p_switch %.3g ± %.3g", devices, parameters.switchingProbability, parameters.switchingProbabilityDeviceToDevice)
        }
    }

    private static func stepSizePanel(profile: DeviceProfile, nominal: [PulseTrainResponse.Step]) -> Figure.Panel {
        var potentiation: (conductance: [Double], step: [Double]) = ([], [])
        var depression: (conductance: [Double], step: [Double]) = ([], [])
        for (before, after) in zip(nominal, nominal.dropFirst()) {
            let change = abs(after.conductance - before.conductance)
            if after.polarity == "+" {
                potentiation.conductance.append(before.conductance)
                potentiation.step.append(change)
            } else {
                depression.conductance.append(before.conductance)
                depression.step.append(change)
            }
        }
        let conductanceUnit = ConductanceUnit.suited(toLargest: nominal.map(\.conductance).max() ?? 0, for: profile.stateQuantity)
        let stepUnit = ConductanceUnit.suited(toLargest: (potentiation.step + depression.step).max() ?? 0, for: profile.stateQuantity)

        func line(_ points: (conductance: [Double], step: [Double]), label: String, color: Figure.Color,
                  isDashed: Bool) -> Figure.Series {
            Figure.Series(label: label, x: points.conductance.map(conductanceUnit.scaled), y: points.step.map(stepUnit.scaled),
                          color: color, lineWidth: 2, isDashed: isDashed)
        }
        var series: [Figure.Series] = []
        if !potentiation.step.isEmpty {
            let low = profile.stateQuantity == .weight ? "w_min" : "Gmin"
            series.append(line(potentiation, label: "potentiation (\(pulses(potentiation.step.count)) from \(low))", color: .blue, isDashed: false))
        }
        if !depression.step.isEmpty {
            // Dashed, so a symmetric device's potentiation line shows through.
            let high = profile.stateQuantity == .weight ? "w_max" : "Gmax"
            series.append(line(depression, label: "depression (\(pulses(depression.step.count)) from \(high))", color: .vermillion, isDashed: true))
        }
        let largestStep = stepUnit.scaled((potentiation.step + depression.step).max() ?? 0)
        return Figure.Panel(
            title: "(b) \(profile.name): nominal step size, without noise",
            xLabel: profile.stateQuantity == .weight ? "weight w before the pulse (\(conductanceUnit.symbol))"
                : "conductance G before the pulse (\(conductanceUnit.symbol))",
            yLabel: profile.stateQuantity == .weight ? "step size |Δw| per pulse (\(stepUnit.symbol))"
                : "step size |ΔG| per pulse (\(stepUnit.symbol))",
            yRange: 0...(largestStep > 0 ? largestStep * 1.08 : 1),
            series: series)
    }

    /// "1 pulse" or "n pulses".
    private static func pulses(_ count: Int) -> String {
        count == 1 ? "1 pulse" : "\(count) pulses"
    }

    /// "a–b", or "a" when the range holds one pulse.
    private static func range(_ first: Int, _ last: Int) -> String {
        first == last ? "\(first)" : "\(first)–\(last)"
    }
}
