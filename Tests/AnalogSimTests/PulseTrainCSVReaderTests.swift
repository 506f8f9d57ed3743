import XCTest
@testable import AnalogSim

/// Reading measured trains: the accepted layouts, and every rejected file with its full message.
final class PulseTrainCSVReaderTests: XCTestCase {
    func parse(_ text: String, unit: MeasurementUnit = .siemens) throws -> PulseTrainMeasurement {
        try PulseTrainCSVReader.parse(text: text, path: "train.csv", unit: unit)
    }

    func testHeaderOrderAndLineEnds() throws {
        let text = "conductance, pulse ,polarity,comment\r\n\r\n1e-8,0,0,start\r\n2e-8,1,+,\r\n3e-8,2,+,x\r\n\n2.5e-8,3,-,\r\n1.5e-8,4,-,\r\n"
        let measurement = try parse(text)
        XCTAssertEqual(measurement.readings.map(\.pulse), [0, 1, 2, 3, 4])
        XCTAssertEqual(measurement.readings.map(\.polarity), [.initial, .potentiation, .potentiation, .depression, .depression])
        XCTAssertEqual(measurement.readings.map(\.line), [3, 4, 5, 7, 8])
        XCTAssertEqual(measurement.readings[1].conductance, 2e-8)
        XCTAssertEqual(measurement.potentiationPulseCount, 2)
        XCTAssertEqual(measurement.depressionPulseCount, 2)
    }

    func testNoHeaderAndMicrosiemens() throws {
        let measurement = try parse("1,+,0.5\n2,+,0.9\n3,+,1.0\n4,-,0.6\n5,-,0.2\n", unit: .microsiemens)
        XCTAssertEqual(measurement.readings.map(\.conductance), [0.5e-6, 0.9e-6, 1.0e-6, 0.6e-6, 0.2e-6])
        XCTAssertEqual(measurement.potentiationPulseCount, 3)
        XCTAssertEqual(measurement.depressionPulseCount, 2)
    }

    /// The output of `analogsim device show --format csv`, a normalized column included.
    func testDeviceShowFormat() throws {
        let text = """
            pulse,polarity,conductance_siemens,normalized
            0,0,3.076900068e-09,0.000000
            1,+,3.913003255e-09,0.023629
            2,+,4.732015224e-09,0.046774
            3,-,4.1e-09,0.03
            4,-,3.5e-09,0.01

            """
        let measurement = try parse(text)
        XCTAssertEqual(measurement.readings.count, 5)
        XCTAssertEqual(measurement.readings[0].conductance, 3.076900068e-09)
    }

    func testSkippedPulsesAreAllowed() throws {
        let measurement = try parse("pulse,polarity,conductance\n0,0,1e-8\n5,+,2e-8\n10,+,3e-8\n14,-,2e-8\n20,-,1e-8\n")
        XCTAssertEqual(measurement.potentiationPulseCount, 10)
        XCTAssertEqual(measurement.depressionPulseCount, 10)
    }

    func testRejectedFiles() {
        let header = "pulse,polarity,conductance\n"
        let cases: [(name: String, text: String, unit: MeasurementUnit, message: String)] = [
            ("missing column", "pulse,polarity\n0,+\n", .siemens,
             "train.csv line 1: the header has no 'conductance' column (it has 'pulse', 'polarity'). The columns are pulse,polarity,conductance; the conductance column may also be named conductance_siemens."),
            ("weight column", "pulse,polarity,weight,normalized\n0,0,0,0.5\n", .siemens,
             "train.csv line 1: the header has a 'weight' column but no conductance column. This is the output of 'analogsim device show' for a step-model profile, whose state is a weight; the fit needs measured conductances in a 'conductance' column."),
            ("duplicate column", "pulse,polarity,conductance,pulse\n", .siemens,
             "train.csv line 1: the header names the column 'pulse' twice. Keep one of them."),
            ("short row without header", "\n0,+\n", .siemens,
             "train.csv line 2: 2 cells, but a row needs the 3 cells of the first row (at least pulse,polarity,conductance). Give every row the same columns, separated by commas."),
            ("short row", header + "0,0,1e-8\n1,+\n", .siemens,
             "train.csv line 3: 2 cells, but the header has 3. Give every row the same columns, separated by commas."),
            ("non-numeric conductance", header + "0,0,1e-8\n1,+,high\n", .siemens,
             "train.csv line 3: conductance 'high' is not a number. Write it as a decimal number in S, for example 3.85e-8."),
            ("not-a-number conductance", header + "0,0,nan\n", .siemens,
             "train.csv line 2: conductance 'nan' is not a number. Write it as a decimal number in S, for example 3.85e-8."),
            ("non-numeric pulse", header + "0,0,1e-8\n1.5,+,2e-8\n", .siemens,
             "train.csv line 3: pulse '1.5' is not a whole number ≥ 0. The pulse column counts the pulses applied since the low state."),
            ("negative conductance", header + "0,0,-1e-8\n", .siemens,
             "train.csv line 2: conductance -1e-8 S is negative. Conductances are at least 0; subtract no offset from them."),
            ("microsiemens read as siemens", header + "0,0,3.1\n", .siemens,
             "train.csv line 2: conductance 3.1 S is above 1 S, far above any synapse device. If the column is in microsiemens, pass --units uS."),
            ("unknown polarity", header + "0,0,1e-8\n1,up,2e-8\n", .siemens,
             "train.csv line 3: polarity 'up' is not valid. Valid values: + (potentiation), - (depression), 0 (the initial state, first row only)."),
            ("initial state later", header + "0,+,1e-8\n1,0,2e-8\n", .siemens,
             "train.csv line 3: polarity 0 marks the initial state, which only the first row may be. Mark this row + or -."),
            ("pulses out of order", header + "0,0,1e-8\n1,+,2e-8\n3,+,3e-8\n2,-,2e-8\n", .siemens,
             "train.csv line 5: pulse 2 does not follow pulse 3 of line 4. Pulse numbers must increase down the file and count on through the depression train, as in the output of 'analogsim device show --format csv'."),
            ("repeated pulse", header + "0,0,1e-8\n1,+,2e-8\n1,+,3e-8\n", .siemens,
             "train.csv line 4: pulse 1 does not follow pulse 1 of line 3. Pulse numbers must increase down the file and count on through the depression train, as in the output of 'analogsim device show --format csv'."),
            ("second cycle", header + "0,0,1e-8\n1,+,2e-8\n2,-,1e-8\n3,+,2e-8\n", .siemens,
             "train.csv line 5: a potentiation row (+) after the depression train began at line 4. The file holds one potentiation train followed by one depression train; fit each cycle on its own."),
            ("starts with depression", header + "0,-,1e-8\n1,-,2e-8\n", .siemens,
             "train.csv line 2: the first row is a depression row (-). The file starts with the potentiation train from the device's low state, then the depression train follows."),
            ("single row", header + "0,0,1e-8\n", .siemens,
             "train.csv: only 1 reading (line 2). A fit needs a potentiation train from the low state followed by a depression train, each with at least 2 readings and 2 pulses."),
            ("header only", header, .siemens,
             "train.csv: no readings. A fit needs a potentiation train from the low state followed by a depression train, each with at least 2 readings and 2 pulses."),
            ("no depression", header + "0,0,1e-8\n1,+,2e-8\n2,+,3e-8\n", .siemens,
             "train.csv line 4: the file ends without a depression row (-). Add the depression train that follows the potentiation train."),
            ("short depression train", header + "0,0,1e-8\n1,+,2e-8\n2,+,3e-8\n3,-,2e-8\n", .siemens,
             "train.csv line 5: the depression train has 1 reading over 1 pulse, but a fit needs at least 2 of each."),
            ("falling potentiation", header + "0,0,3e-8\n1,+,2e-8\n2,+,1e-8\n3,-,2e-8\n4,-,3e-8\n", .siemens,
             "train.csv line 4: the potentiation train does not raise the conductance: 3e-08 S at line 2, 1e-08 S at line 4. Check the polarity column: + marks pulses that raise the conductance."),
            ("rising depression", header + "0,0,1e-8\n1,+,2e-8\n2,+,3e-8\n3,-,3.5e-8\n4,-,4e-8\n", .siemens,
             "train.csv line 6: the depression train does not lower the conductance: 3e-08 S at line 4, 4e-08 S at line 6. Check the polarity column: + marks pulses that raise the conductance."),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try parse(testCase.text, unit: testCase.unit), testCase.name) { error in
                XCTAssertEqual((error as? DeviceFitError)?.message, testCase.message, testCase.name)
                XCTAssertEqual((error as? DeviceFitError)?.kind, .data, testCase.name)
            }
        }
    }

    func testSiemensColumnContradictsMicrosiemens() {
        XCTAssertThrowsError(try parse("pulse,polarity,conductance_siemens\n0,0,1e-8\n", unit: .microsiemens)) { error in
            XCTAssertEqual((error as? DeviceFitError)?.message,
                           "train.csv line 1: the column 'conductance_siemens' is in siemens, but --units is uS. Leave out --units, or rename the column to 'conductance'.")
            XCTAssertEqual((error as? DeviceFitError)?.kind, .usage)
        }
    }

    func testMissingAndUnreadableFiles() throws {
        XCTAssertThrowsError(try PulseTrainCSVReader.read(path: "/nonexistent/train.csv", unit: .siemens)) { error in
            XCTAssertEqual((error as? DeviceFitError)?.kind, .missingInput)
        }
        let directory = NSTemporaryDirectory() + "analogsim-reader-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        XCTAssertThrowsError(try PulseTrainCSVReader.read(path: directory, unit: .siemens)) { error in
            XCTAssertEqual(error as? DeviceFitError, .unreadable(path: directory, reason: "it is a directory"))
        }
        let binary = directory + "/train.csv"
        try Data([0xff, 0xfe, 0x00, 0x41]).write(to: URL(fileURLWithPath: binary))
        XCTAssertThrowsError(try PulseTrainCSVReader.read(path: binary, unit: .siemens)) { error in
            XCTAssertEqual(error as? DeviceFitError, .notText(path: binary))
        }
    }
}
