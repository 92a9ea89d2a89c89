public import EventLog
public import Hummingbird
public import Logging
public import NIOCore

/// The HTTP application of the store.
public enum StoreApplication {
    /// Server options.
    public struct Configuration: Sendable {
        /// The address to listen on.
        public var host: String
        /// The port (0 picks a free one).
        public var port: Int
        /// The largest request body accepted (413 above it).
        public var maximumBodySize: Int

        /// Creates a configuration; the defaults listen on loopback.
        public init(host: String = "127.0.0.1", port: Int = 8080, maximumBodySize: Int = 1 << 20) {
            self.host = host
            self.port = port
            self.maximumBodySize = maximumBodySize
        }
    }

    /// Builds the application over an open log. Run it as a service; close the log after
    /// it stops, so that in-flight appends are drained first.
    public static func build(
        log: EventLog,
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "cxstore.http"),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        IngestRoutes(ingestor: Ingestor(log: log), maximumBodySize: configuration.maximumBodySize).register(on: router)
        EventRoutes(log: log).register(on: router)
        HealthRoutes(log: log).register(on: router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "cxstore"),
            onServerRunning: onServerRunning,
            logger: logger
        )
    }
}
