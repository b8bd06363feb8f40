import CSQLite3
import Foundation
import SQLKit

/// A value as SQLite stores it.
enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// Column `column` of the statement's current row.
    init(_ statement: OpaquePointer, column: Int32) {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: self = .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: self = .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard let bytes = sqlite3_column_text(statement, column) else { self = .text(""); return }
            self = .text(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard let bytes = sqlite3_column_blob(statement, column) else { self = .blob([]); return }
            self = .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: self = .null
        }
    }

    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch self {
        case .null: sqlite3_bind_null(statement, index)
        case .integer(let value): sqlite3_bind_int64(statement, index, value)
        case .real(let value): sqlite3_bind_double(statement, index, value)
        case .text(let value):
            value.utf8.withContiguousStorageIfAvailable { bytes in
                bytes.withMemoryRebound(to: CChar.self) { sesame_sqlite3_bind_text(statement, index, $0.baseAddress, Int32(bytes.count)) }
            } ?? sesame_sqlite3_bind_text(statement, index, value, -1)
        case .blob(let value):
            value.withUnsafeBytes { sesame_sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count)) }
        }
    }

    /// The value a bind of SQLKit's stands for. The stores bind text,
    /// integers, booleans, reals, bytes and optionals of them.
    init(bind: any Encodable & Sendable) throws {
        switch bind {
        case let optional as any OptionalBind where optional.isNone: self = .null
        case let value as String: self = .text(value)
        case let value as Int64: self = .integer(value)
        case let value as Int: self = .integer(Int64(value))
        case let value as Int32: self = .integer(Int64(value))
        case let value as Bool: self = .integer(value ? 1 : 0)
        case let value as Double: self = .real(value)
        case let value as [UInt8]: self = .blob(value)
        case let value as Data: self = .blob(Array(value))
        default: throw SQLiteFailure(code: SQLITE_MISMATCH, message: "cannot bind a \(type(of: bind))", sql: nil)
        }
    }
}

private protocol OptionalBind { var isNone: Bool { get } }
extension Optional: OptionalBind { var isNone: Bool { self == nil } }

/// One row, with the statement's column names (shared by its rows).
struct SQLiteRow: SQLRow {
    let columns: [String]
    let values: [SQLiteValue]

    var allColumns: [String] { columns }

    func contains(column: String) -> Bool { columns.contains(column) }

    private func value(_ column: String) throws -> SQLiteValue {
        guard let index = columns.firstIndex(of: column) else {
            throw DecodingError.keyNotFound(SQLiteColumn(column), .init(codingPath: [], debugDescription: "no column \(column)"))
        }
        return values[index]
    }

    func decodeNil(column: String) throws -> Bool { try value(column) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        let value = try value(column)
        let decoded: Any?
        switch type {
        case is String.Type, is String?.Type: decoded = value.string
        case is Int64.Type, is Int64?.Type: decoded = value.integer
        case is Int.Type, is Int?.Type: decoded = value.integer.map { Int($0) }
        case is Double.Type, is Double?.Type: decoded = value.real
        case is Bool.Type, is Bool?.Type: decoded = value.integer.map { $0 != 0 }
        case is [UInt8].Type: decoded = value.bytes
        default:
            throw DecodingError.typeMismatch(type, .init(codingPath: [SQLiteColumn(column)], debugDescription: "unsupported type"))
        }
        if let decoded { return decoded as! D }
        if value == .null, let optional = type as? any ExpressibleByNilLiteral.Type { return optional.init(nilLiteral: ()) as! D }
        throw DecodingError.typeMismatch(type, .init(codingPath: [SQLiteColumn(column)], debugDescription: "found \(value)"))
    }
}

private extension SQLiteValue {
    var string: String? {
        switch self {
        case .text(let value): value
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .blob(let bytes): String(validating: bytes, as: UTF8.self)
        case .null: nil
        }
    }

    var integer: Int64? {
        switch self {
        case .integer(let value): value
        case .real(let value): Int64(exactly: value)
        case .text(let value): Int64(value)
        default: nil
        }
    }

    var real: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        case .text(let value): Double(value)
        default: nil
        }
    }

    var bytes: [UInt8]? {
        switch self {
        case .blob(let value): value
        case .text(let value): Array(value.utf8)
        default: nil
        }
    }
}

private struct SQLiteColumn: CodingKey {
    let stringValue: String
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}
