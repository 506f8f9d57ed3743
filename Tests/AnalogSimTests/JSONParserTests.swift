import XCTest
@testable import AnalogSim

final class JSONParserTests: XCTestCase {
    func testParsesNestedDocument() throws {
        let value = try JSONParser.parse(#"{"a": [1, -2.5e3, true, null], "b": {"c": "x\"\u00e9\ud83d\ude00"}}"#)
        XCTAssertEqual(value, .object([
            (key: "a", value: .array([.number(1), .number(-2500), .bool(true), .null])),
            (key: "b", value: .object([(key: "c", value: .string("x\"é😀"))])),
        ]))
    }

    func testKeepsMemberOrder() throws {
        guard case .object(let members) = try JSONParser.parse(#"{"z": 1, "a": 2, "m": 3}"#) else { return XCTFail() }
        XCTAssertEqual(members.map(\.key), ["z", "a", "m"])
    }

    func testSyntaxErrorsGivePosition() {
        let cases: [(text: String, line: Int, column: Int, reason: String)] = [
            ("{\n  \"a\": 1,\n}", 3, 1, "trailing comma before '}'"),
            ("{'a': 1}", 1, 2, "expected a key in double quotes"),
            ("[1, 2", 1, 6, "the text ends before the array is closed with ']'"),
            ("[1 2]", 1, 4, "expected ',' or ']' in the array"),
            ("{\"a\": 1", 1, 8, "the text ends before the object is closed with '}'"),
            ("{\"a\": 1,", 1, 9, "the text ends before the object is closed with '}'"),
            ("{\"a\": 01}", 1, 9, "numbers do not take leading zeros in JSON"),
            ("{\"a\": tru}", 1, 7, "unexpected word; did you mean true?"),
            ("{\"a\": 1} x", 1, 10, "unexpected text after the end of the JSON value"),
            ("// note\n{}", 1, 1, "JSON has no comments; put notes in a \"description\" string"),
            ("\"abc", 1, 5, "the string is not closed with a double quote"),
            ("-Infinity", 1, 2, "NaN and Infinity are not JSON numbers; write a finite number"),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try JSONParser.parse(testCase.text), testCase.text) { error in
                XCTAssertEqual(error as? JSONParser.SyntaxError,
                               JSONParser.SyntaxError(line: testCase.line, column: testCase.column, reason: testCase.reason), testCase.text)
            }
        }
    }

    func testDeepNestingIsRejected() {
        let text = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        XCTAssertThrowsError(try JSONParser.parse(text)) { error in
            XCTAssertEqual((error as? JSONParser.SyntaxError)?.reason, "nesting deeper than 64 levels")
        }
    }

    func testByteOrderMarkIsSkipped() throws {
        XCTAssertEqual(try JSONParser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("[true]".utf8)), .array([.bool(true)]))
    }

    func testInvalidUTF8IsRejected() {
        XCTAssertThrowsError(try JSONParser.parse(bytes: [0x22, 0xFF, 0xFE, 0x22]))
    }
}
