/// Where a store keeps its parts inside its data directory: the unit of placement, shared by
/// every module (the log, the read models, the credentials of the HTTP API) and named here
/// once, at the bottom of the module graph, so that none reaches into another for a path.
///
/// ```
/// DIR/log/                          the LMDB event log (data.mdb, lock.mdb)
/// DIR/projections.sqlite            symlink to the current generation of the read models
/// DIR/projections/generation-N.sqlite   the read models, one file per build
/// DIR/credentials.json              the credentials (account, scopes, token digest)
/// DIR/replica-of                    present while the store is a read replica: the stream it follows
/// DIR/erasure-ledger.jsonl          customer ids and positions of every erasure (docs/erasure.md)
/// DIR/erasure-requests/             erasures asked for by `cxstore erase` while `serve` runs
/// DIR/tenant.json                   the tenant's rate and storage quota, when it has any
/// DIR/tenants/NAME/                 another tenant: the same parts, in a directory of its own
/// ```
///
/// The store's data directory itself is the tenant `default` (so a store of an earlier release
/// is one); each other tenant keeps every part of its own under `DIR/tenants/NAME/`, and no
/// file is shared between tenants.
///
/// Analysts open `DIR/projections.sqlite`; SQLite follows the link, so each generation
/// keeps its own WAL files and a rebuild swaps generations with one atomic rename.
public struct StoreLayout: Sendable {
    /// The directory of this tenant's parts: the store's data directory for the default
    /// tenant, `DIR/tenants/NAME` for the others.
    public let dataDirectory: String
    /// The store's data directory, which holds every tenant.
    public let root: String
    /// The tenant whose parts these are.
    public let tenant: TenantName

    /// The default tenant of the store whose data directory is `dataDirectory`.
    public init(dataDirectory: String) {
        self.init(root: dataDirectory, tenant: .default)
    }

    /// The parts of `tenant` in the store whose data directory is `root`.
    public init(root: String, tenant: TenantName) {
        self.root = root
        self.tenant = tenant
        self.dataDirectory = tenant == .default ? root : Self.tenantsDirectory(of: root) + "/" + tenant.rawValue
    }

    /// Where the tenants other than the default one live in the store at `root`.
    public static func tenantsDirectory(of root: String) -> String { root + "/tenants" }

    /// The LMDB environment of the event log.
    public var logDirectory: String { dataDirectory + "/log" }

    /// The LMDB data file of the event log: it exists once a store has been created here.
    public var logDataFile: String { logDirectory + "/data.mdb" }

    /// The stable path of the read models (a symlink to the current generation).
    public var projectionsLink: String { dataDirectory + "/projections.sqlite" }

    /// The credentials file; while it holds no credential, the HTTP API is open.
    public var credentialsFile: String { dataDirectory + "/credentials.json" }

    /// Present while the store is a read replica; it holds the name of the stream followed.
    /// Promoting the replica (`serve --replicate` on it) removes it.
    public var replicaMarkerFile: String { dataDirectory + "/replica-of" }

    /// The tenant's limits (rate, storage quota), when it has any (``TenantLimits``).
    public var tenantLimitsFile: String { dataDirectory + "/tenant.json" }
    /// The secrets the tenant's signing platforms sign their webhooks with.
    public var webhookSecretsFile: String { dataDirectory + "/webhook-secrets.json" }

    /// The erasure ledger: one line per erasure, customer ids and positions only.
    public var erasureLedgerFile: String { dataDirectory + "/erasure-ledger.jsonl" }

    /// Where `cxstore erase` leaves a request for the running `serve`, and finds its answer.
    public var erasureRequestsDirectory: String { dataDirectory + "/erasure-requests" }

    /// Present while `serve` runs on the store (for every tenant of it): its process id.
    public var servePIDFile: String { root + "/serve.pid" }

    /// The directory holding the generations of the read models.
    public var projectionsDirectory: String { dataDirectory + "/projections" }

    /// The file of generation `number`.
    public func projectionsFile(generation number: Int) -> String {
        let digits = String(number)
        return projectionsDirectory + "/generation-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".sqlite"
    }
}
