import Foundation

/// A population of measured-curve devices (`MeasuredCurveParameters`): per device the index of
/// its potentiation and depression trace and its own bounds, and the traces themselves stored
/// once, as increasing conductance tables.
///
/// A write of `n` pulses finds the device's position on the curve of its polarity by inverting
/// the piecewise-linear table at its conductance, moves it by n (clamped to the table), reads the
/// new conductance by linear interpolation, adds `ξ·σ_c2c·(Gmax_i − Gmin_i)·√|n|` and clips to
/// the device's bounds.
public final class MeasuredCurveDevices: DevicePopulation {
    public let count: Int
    public let nominalMinimumConductance: Float
    public let nominalMaximumConductance: Float
    /// Requests below half of the smallest measured step of any trace cannot send a pulse.
    public let smallestResolvableChange: Float
    public let readNoiseSigma: Float
    public let pulseGranularity: Float

    public let conductances: UnsafeMutableBufferPointer<Float>
    let minimumConductances: UnsafeMutableBufferPointer<Float>
    let maximumConductances: UnsafeMutableBufferPointer<Float>
    /// Trace index per device and polarity.
    let potentiationTraceIndices: UnsafeMutableBufferPointer<Int32>
    let depressionTraceIndices: UnsafeMutableBufferPointer<Int32>

    /// Every trace as an increasing table (depression traces reversed), with its start offset
    /// and length in `tableValues`.
    private let potentiationTables: [(start: Int, length: Int)]
    private let depressionTables: [(start: Int, length: Int)]
    private let tableValues: UnsafeMutableBufferPointer<Float>
    private let cycleToCycleSigma: Float

    init(parameters: MeasuredCurveParameters, count: Int, variation: RandomSource) {
        self.count = count
        let range = parameters.conductanceRange
        nominalMinimumConductance = Float(range.minimum)
        nominalMaximumConductance = Float(range.maximum)
        readNoiseSigma = Float(parameters.readNoiseSigma)
        cycleToCycleSigma = Float(parameters.cycleToCycleSigma)

        var values: [Float] = []
        var tables: [[(start: Int, length: Int)]] = [[], []]
        for (polarity, traces) in [parameters.potentiationTraces, parameters.depressionTraces.map { Array($0.reversed()) }].enumerated() {
            for trace in traces {
                tables[polarity].append((values.count, trace.count))
                values += trace.map(Float.init)
            }
        }
        potentiationTables = tables[0]
        depressionTables = tables[1]
        tableValues = .allocate(capacity: max(values.count, 1))
        _ = tableValues.initialize(from: values)

        var smallestStep = Float.infinity
        for table in potentiationTables + depressionTables {
            for index in 1..<table.length {
                let step = tableValues[table.start + index] - tableValues[table.start + index - 1]
                if step > 0 { smallestStep = min(smallestStep, step) }
            }
        }
        smallestResolvableChange = smallestStep.isFinite ? 0.5 * smallestStep * 0.99 : 0
        let meanLevels = Double(parameters.fullTrainPulseCounts.potentiation + parameters.fullTrainPulseCounts.depression) / 2
        pulseGranularity = Float((range.maximum - range.minimum) / max(meanLevels, 1))

        conductances = .allocate(capacity: count)
        minimumConductances = .allocate(capacity: count)
        maximumConductances = .allocate(capacity: count)
        potentiationTraceIndices = .allocate(capacity: count)
        depressionTraceIndices = .allocate(capacity: count)
        let sameTraceCount = potentiationTables.count == depressionTables.count
        for device in 0..<count {
            let potentiation = potentiationTables.count > 1 ? variation.uniformInteger(below: potentiationTables.count) : 0
            let depression = sameTraceCount ? potentiation
                : (depressionTables.count > 1 ? variation.uniformInteger(below: depressionTables.count) : 0)
            potentiationTraceIndices[device] = Int32(potentiation)
            depressionTraceIndices[device] = Int32(depression)
            let tablesOfDevice = [potentiationTables[potentiation], depressionTables[depression]]
            minimumConductances[device] = tablesOfDevice.map { tableValues[$0.start] }.min()!
            maximumConductances[device] = tablesOfDevice.map { tableValues[$0.start + $0.length - 1] }.max()!
            conductances[device] = minimumConductances[device]
        }
    }

    deinit {
        tableValues.deallocate()
        conductances.deallocate()
        minimumConductances.deallocate()
        maximumConductances.deallocate()
        potentiationTraceIndices.deallocate()
        depressionTraceIndices.deallocate()
    }

    /// The number of potentiation and depression traces a device may be drawn from.
    var potentiationTraceCount: Int { potentiationTables.count }
    var depressionTraceCount: Int { depressionTables.count }

    public func minimumConductance(ofDevice device: Int) -> Float {
        minimumConductances[device]
    }

    public func maximumConductance(ofDevice device: Int) -> Float {
        maximumConductances[device]
    }

    @inline(__always)
    private func table(device: Int, potentiation: Bool) -> (start: Int, length: Int) {
        potentiation ? potentiationTables[Int(potentiationTraceIndices[device])] : depressionTables[Int(depressionTraceIndices[device])]
    }

    /// Returns the position (pulses from the table's low end) of `conductance`, by binary search and
    /// linear interpolation. Flat stretches resolve to their first point.
    @inline(__always)
    private func position(of conductance: Float, in table: (start: Int, length: Int)) -> Float {
        let first = tableValues[table.start]
        let last = tableValues[table.start + table.length - 1]
        if conductance <= first { return 0 }
        if conductance >= last { return Float(table.length - 1) }
        var low = 0
        var high = table.length - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if tableValues[table.start + middle] < conductance { low = middle } else { high = middle }
        }
        let lower = tableValues[table.start + low]
        let upper = tableValues[table.start + high]
        return Float(low) + (upper > lower ? (conductance - lower) / (upper - lower) : 0)
    }

    /// Returns the conductance at `position`, clamped to the table.
    @inline(__always)
    private func conductance(at position: Float, in table: (start: Int, length: Int)) -> Float {
        let clamped = min(max(position, 0), Float(table.length - 1))
        let index = min(Int(clamped), table.length - 2)
        guard index >= 0 else { return tableValues[table.start] }
        let fraction = clamped - Float(index)
        return tableValues[table.start + index] * (1 - fraction) + tableValues[table.start + index + 1] * fraction
    }

    public func pulsesNeeded(forChange change: Float, device: Int) -> Float {
        guard change != 0 else { return 0 }
        let table = table(device: device, potentiation: change > 0)
        let present = conductances[device]
        let target = min(max(present + change, minimumConductances[device]), maximumConductances[device])
        return position(of: target, in: table) - position(of: present, in: table)
    }

    /// Moves along the trace of the pulses' polarity. A conductance outside that trace's range
    /// (traces of the two polarities need not span the same range) stays put rather than jump
    /// against the pulses' direction.
    private func moved(_ conductance: Float, by pulses: Float, device: Int) -> Float {
        let table = table(device: device, potentiation: pulses > 0)
        let moved = self.conductance(at: position(of: conductance, in: table) + pulses, in: table)
        let forward = pulses > 0 ? max(moved, conductance) : min(moved, conductance)
        return min(max(forward, minimumConductances[device]), maximumConductances[device])
    }

    public func applyPulses(_ pulseCount: Int, toDevice device: Int, noise: RandomSource) {
        guard pulseCount != 0 else { return }
        var conductance = moved(conductances[device], by: Float(pulseCount), device: device)
        let noiseScale = cycleToCycleSigma * (maximumConductances[device] - minimumConductances[device])
        if noiseScale > 0 {
            conductance += Float(noise.standardNormal()) * noiseScale * Float(pulseCount.magnitude).squareRoot()
        }
        conductances[device] = min(max(conductance, minimumConductances[device]), maximumConductances[device])
    }

    public func applyPulsesWithoutNoise(_ pulseCount: Int, toDevice device: Int) {
        guard pulseCount != 0 else { return }
        conductances[device] = moved(conductances[device], by: Float(pulseCount), device: device)
    }

    public func applyFractionalPulses(_ pulses: Float, toDevice device: Int) {
        guard pulses != 0 else { return }
        conductances[device] = moved(conductances[device], by: pulses, device: device)
    }

    public func program(device: Int, conductance: Float) {
        conductances[device] = min(max(conductance, minimumConductances[device]), maximumConductances[device])
    }

    public func reset(device: Int) {
        conductances[device] = minimumConductances[device]
    }
}
