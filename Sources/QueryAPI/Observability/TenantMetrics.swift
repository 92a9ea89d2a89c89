import EventLog

/// What one tenant's `/metrics` shows of the process's Prometheus text. The default
/// tenant's is the installation's view: every series (each store metric labelled with its
/// tenant, and the process's HTTP metrics). Any other tenant's shows its own series only, so
/// that no tenant sees another's names or numbers.
enum TenantMetrics {
    /// The lines of `text` that `tenant` may see: for another tenant than the default one,
    /// the samples labelled `tenant="NAME"`, each family with its `# HELP` and `# TYPE` lines.
    static func visible(to tenant: TenantName, in text: [UInt8]) -> [UInt8] {
        guard tenant != .default else { return text }
        let label = Array("tenant=\"\(tenant.rawValue)\"".utf8)
        var visible: [UInt8] = []
        var header: [ArraySlice<UInt8>] = []
        var headerShown = false
        for line in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            if line.first == UInt8(ascii: "#") {
                if headerShown {
                    header = []
                    headerShown = false
                }
                header.append(line)
                continue
            }
            guard contains(line, label) else { continue }
            if !headerShown {
                for headerLine in header { visible += headerLine + [UInt8(ascii: "\n")] }
                headerShown = true
            }
            visible += line + [UInt8(ascii: "\n")]
        }
        return visible
    }

    private static func contains(_ line: ArraySlice<UInt8>, _ label: [UInt8]) -> Bool {
        guard line.count >= label.count else { return false }
        var start = line.startIndex
        while start + label.count <= line.endIndex {
            if line[start..<start + label.count].elementsEqual(label) { return true }
            start += 1
        }
        return false
    }
}
