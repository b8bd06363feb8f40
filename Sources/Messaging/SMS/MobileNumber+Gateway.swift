import Primitives

extension MobileNumber {
    /// The number an SMS is addressed to, or the error that says it cannot be texted.
    init(validating raw: String) throws(MessagingError) {
        guard let number = MobileNumber(raw) else { throw .invalidPhoneNumber(raw) }
        self = number
    }
}
