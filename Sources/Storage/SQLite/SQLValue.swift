import Foundation
import SQLKit

/// A value as SQLite stores it (its five storage classes).
enum SQLValue: Sendable, Equatable {
    /// A bind of a Swift type the stores do not use.
    struct Unsupported: Error, CustomStringConvertible {
        let type: String
        var description: String { "cannot bind a \(type)" }
    }

    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

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
        default: throw SQLValue.Unsupported(type: "\(type(of: bind))")
        }
    }
}

private protocol OptionalBind { var isNone: Bool { get } }
extension Optional: OptionalBind { var isNone: Bool { self == nil } }

/// One row, with the statement's column names (shared by its rows).
struct SQLValueRow: SQLRow {
    let columns: [String]
    let values: [SQLValue]

    var allColumns: [String] { columns }

    func contains(column: String) -> Bool { columns.contains(column) }

    private func value(_ column: String) throws -> SQLValue {
        guard let index = columns.firstIndex(of: column) else {
            throw DecodingError.keyNotFound(SQLValueColumn(column), .init(codingPath: [], debugDescription: "no column \(column)"))
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
            throw DecodingError.typeMismatch(type, .init(codingPath: [SQLValueColumn(column)], debugDescription: "unsupported type"))
        }
        if let decoded { return decoded as! D }
        if value == .null, let optional = type as? any ExpressibleByNilLiteral.Type { return optional.init(nilLiteral: ()) as! D }
        throw DecodingError.typeMismatch(type, .init(codingPath: [SQLValueColumn(column)], debugDescription: "found \(value)"))
    }
}

private extension SQLValue {
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

private struct SQLValueColumn: CodingKey {
    let stringValue: String
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}
