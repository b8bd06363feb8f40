import Foundation
import HTTPTypes
import Accounts
import Hummingbird
import Logging
import Prometheus
import Synchronization

/// Turns every thrown error into a French page with the right status;
/// never a stack trace.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = SesameContext
    let pages: Pages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PageError {
            context.logger.info("refused: \(error.logMessage)", metadata: ["status": "\(error.status.code)", "path": "\(request.uri.path)"])
            return pages.error(error)
        } catch let error as HTTPError {
            switch error.status {
            case .notFound: return pages.error(.notFound)
            case .methodNotAllowed: return pages.error(.methodNotAllowed)
            case .contentTooLarge: return pages.error(.tooLarge)
            default:
                var page = PageError.badEncoding
                page.status = error.status
                if error.status.code >= 500 { page = .unavailable }
                return pages.error(page)
            }
        } catch {
            context.logger.error("unexpected error: \(String(reflecting: error))", metadata: ["path": "\(request.uri.path)"])
            return pages.error(.unavailable)
        }
    }
}

/// Headers every answer carries: no framing, no sniffing, no referrer,
/// resources from our own origin only.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = SesameContext
    /// HSTS when the public URL is https: browsers never try http again.
    var strictTransport = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // A page that hands off to a service sets its own form-action.
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.policy(formAction: "'self'")
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        if strictTransport { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}

extension SecurityHeadersMiddleware {
    static func policy(formAction: String) -> String {
        "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action \(formAction); frame-ancestors 'none'; base-uri 'none'"
    }
}

enum OriginOf {
    /// `scheme://host[:port]` of a URL, for a Content-Security-Policy source.
    static func url(_ text: String) -> String {
        guard let components = URLComponents(string: text), let scheme = components.scheme, let host = components.host else { return "'none'" }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
}

/// Request counts and latencies by route template (not raw path, which an
/// attacker could vary without end), and login outcomes.
public final class SesameMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let loginOK: Counter
    let loginFailed: Counter
    let loginThrottled: Counter

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        let name = MetricNameDescriptor(namespace: "sesame", metricName: "logins", unitName: "total", helpText: "Password logins by result")
        loginOK = registry.makeCounter(descriptor: name, labels: [("result", "ok")])
        loginFailed = registry.makeCounter(descriptor: name, labels: [("result", "failed")])
        loginThrottled = registry.makeCounter(descriptor: name, labels: [("result", "throttled")])
    }

    /// The password-hashing gate as it is now, sampled when /metrics is read.
    func sample(_ gate: HashingGate) {
        let reading = gate.reading
        func gauge(_ name: String, _ help: String) -> Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "sesame", subsystem: "password_hashing", metricName: name, unitName: "", helpText: help))
        }
        gauge("limit", "Password hashes allowed at once").set(Double(reading.limit))
        gauge("running", "Password hashes running now").set(Double(reading.running))
        gauge("waiting", "Password hashes queued now").set(Double(reading.waiting))
        // Counts kept by the gate since the start, shown as they are.
        gauge("queued", "Password hashes that had to queue, since start").set(Double(reading.waitedTotal))
        gauge("refused", "Password hashes turned away (queue full), since start").set(Double(reading.refusedTotal))
    }

    /// The bound on requests at once, sampled when /metrics is read.
    func sample(_ shedding: LoadShedding) {
        func gauge(_ name: String, _ help: String) -> Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "sesame", subsystem: "http", metricName: name, unitName: "", helpText: help))
        }
        gauge("in_flight_limit", "Requests served at once, at most").set(Double(shedding.limit))
        gauge("in_flight", "Requests being served now").set(Double(shedding.running))
        gauge("shed", "Requests turned away with 503 (limit reached), since start").set(Double(shedding.shedTotal))
    }

    /// The counters and histograms already made, so that a request costs a
    /// lookup rather than building descriptors and labels.
    private let made = Mutex<(counters: [RequestKey: Counter], histograms: [String: DurationHistogram])>(([:], [:]))

    private struct RequestKey: Hashable {
        let method: String, route: String, status: Int
    }

    func requestFinished(method: String, route: String, status: Int, duration: Duration) {
        let key = RequestKey(method: method, route: route, status: status)
        let (counter, histogram) = made.withLock { made in
            let counter = made.counters[key] ?? registry.makeCounter(
                descriptor: MetricNameDescriptor(namespace: "sesame", metricName: "http_requests", unitName: "total", helpText: "HTTP requests"),
                labels: [("method", method), ("route", route), ("status", String(status))])
            made.counters[key] = counter
            let histogram = made.histograms[route] ?? registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(namespace: "sesame", metricName: "http_request_duration", unitName: "seconds", helpText: "HTTP request latency"),
                labels: [("route", route)],
                buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2)])
            made.histograms[route] = histogram
            return (counter, histogram)
        }
        counter.increment()
        histogram.record(duration)
    }
}

struct MetricsMiddleware: RouterMiddleware {
    typealias Context = SesameContext
    let metrics: SesameMetrics
    static let labelledMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        // Any token is a method to HTTP: only the usual ones get a label of their own.
        let method = Self.labelledMethods.contains(request.method.rawValue) ? request.method.rawValue : "OTHER"
        metrics.requestFinished(method: method, route: route, status: response.status.code,
                                duration: ContinuousClock.now - start)
        return response
    }
}
