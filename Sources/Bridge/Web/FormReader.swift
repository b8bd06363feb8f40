import Foundation
import Hummingbird
import WebForms

/// Reads `application/x-www-form-urlencoded` bodies with strict limits
/// (`FormBody`): anything else is a `PageError` the person can understand.
public enum FormReader {
    public static func read(_ request: Request, limit: Int) async throws -> [String: String] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw PageError.tooLarge
        }
        do {
            return try FormBody.parse(buffer.readableBytesView)
        } catch .tooManyFields {
            throw PageError.tooLarge
        } catch {
            throw PageError.badEncoding
        }
    }
}
