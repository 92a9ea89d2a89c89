import Foundation
import StoreTesting
import Testing

/// Checks real responses against the schemas of `/openapi.json`.
struct SchemaChecker {
    let document: [String: Any]

    /// The schema of `method path` answering `status`.
    func responseSchema(path: String, method: String, status: Int, mediaType: String) throws -> [String: Any] {
        let paths = try #require(document["paths"] as? [String: Any])
        let operation = try #require((paths[path] as? [String: Any])?[method] as? [String: Any], "\(method) \(path) is not documented")
        var response = try #require(
            (operation["responses"] as? [String: Any])?[String(status)] as? [String: Any], "\(status) of \(method) \(path) is not documented")
        if let reference = response["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            let shared = (document["components"] as? [String: Any])?["responses"] as? [String: Any]
            response = try #require(shared?[name] as? [String: Any], "unresolved \(reference)")
        }
        return try #require(
            ((response["content"] as? [String: Any])?[mediaType] as? [String: Any])?["schema"] as? [String: Any],
            "\(method) \(path) \(status) documents no \(mediaType) schema")
    }

    /// Every way `value` breaks `schema`, as `path: problem`.
    func violations(of value: Any, against schema: [String: Any], at path: String = "$") -> [String] {
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
            guard let resolved = schemas?[name] as? [String: Any] else { return ["\(path): unresolved \(reference)"] }
            return violations(of: value, against: resolved, at: path)
        }
        var found: [String] = []
        if let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }), !types.contains(where: { Self.matches(value, $0) })
        {
            return ["\(path): expected \(types), found \(type(of: value))"]
        }
        if let allowed = schema["enum"] as? [String], let string = value as? String, !allowed.contains(string) {
            found.append("\(path): \(string) is not one of \(allowed)")
        }
        if let minimum = schema["minimum"] as? Int, let number = value as? Int, number < minimum {
            found.append("\(path): \(number) < \(minimum)")
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                found.append("\(path): missing \(key)")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, member) in object {
                if let property = properties[key] as? [String: Any] {
                    found += violations(of: member, against: property, at: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    found.append("\(path): undocumented member \(key)")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, element) in array.enumerated() { found += violations(of: element, against: items, at: "\(path)[\(index)]") }
        }
        return found
    }

    /// JSONSerialization gives booleans as NSNumbers of C type `c` (or `B`).
    private static func isBoolean(_ number: NSNumber) -> Bool {
        let type = String(cString: number.objCType)
        return type == "c" || type == "B"
    }

    private static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return (value as? NSNumber).map(isBoolean) ?? false
        case "integer": return (value as? NSNumber).map { !isBoolean($0) && $0.doubleValue.rounded() == $0.doubleValue } ?? false
        case "number": return (value as? NSNumber).map { !isBoolean($0) } ?? false
        default: return false
        }
    }
}

@Suite struct OpenAPIConformanceTests {
    @Test func everyRouteAnswersWhatTheDocumentSays() async throws {
        try await withHistory { history in
            let document = try await history.client.get("/openapi.json")
            #expect(document.status == 200)
            let checker = SchemaChecker(document: document.json)
            #expect(checker.document["openapi"] as? String == "3.1.0")

            func check(_ response: HTTPTestClient.Response, path: String, method: String = "get", mediaType: String = "application/json") throws {
                let schema = try checker.responseSchema(path: path, method: method, status: response.status, mediaType: mediaType)
                let body = try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
                let problems = checker.violations(of: body, against: schema)
                #expect(problems.isEmpty, "\(method.uppercased()) \(path) \(response.status): \(problems)")
            }

            let builder = MessageBuilder().with {
                $0.customerID = "cust-1"; $0.conversationID = "conv-1"; $0.sessionID = "cs-1"
            }
            let posted = try await history.client.postJSON("/ccm/message/receive", builder.plain(id: "m1", text: "hello"))
            try check(posted, path: "/ccm/message/receive", method: "post")
            try await history.post(
                builder.with { $0.senderType = "AGENT" }.message(
                    id: "w1", body: #""type": "WRAPUP", "wrapups": [{"categoryName": "c", "value": "v"}]"#))
            let thirdParty = try await history.client.postJSON(
                "/conversation-manager/activities",
                #"{"id": "tp", "header": {"sender": {"id": "a", "type": "APP"}, "customer": {"_id": "cust-1"}}, "body": {"type": "X"}}"#)
            try check(thirdParty, path: "/conversation-manager/activities", method: "post")
            try check(
                try await history.client.postJSON("/ccm/message/receive", "{}"), path: "/ccm/message/receive", method: "post",
                mediaType: "application/problem+json")
            try check(
                try await history.client.postJSON("/ccm/message/receive", builder.plain(id: "m1", text: "changed")), path: "/ccm/message/receive",
                method: "post",
                mediaType: "application/problem+json")

            let batch = [builder.plain(id: "b1", text: "one"), builder.plain(id: "m1", text: "changed")]
                .map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n")
            let batchPath = "/ccm/message/receive/batch"
            try check(
                try await history.client.postJSON(batchPath, batch, contentType: "application/x-ndjson"), path: batchPath, method: "post")
            try check(
                try await history.client.postJSON(batchPath, "{}", contentType: "application/x-ndjson"), path: batchPath, method: "post",
                mediaType: "application/problem+json")

            let webhooks = try await history.client.postJSON(
                "/webhooks/8x8/voice",
                #"{"eventType": "CALL_STATUS", "payload": {"callId": "leg-1", "callStatus": "CALL_RECEIVED", "callDirection": "INBOUND", "source": "+41790000001", "destination": "+41440000000"}}"#
            )
            try check(webhooks, path: "/webhooks/8x8/voice", method: "post")
            try check(
                try await history.client.postJSON("/webhooks/8x8/voice", #"{"eventType": "CALL_STATUS"}"#), path: "/webhooks/8x8/voice",
                method: "post", mediaType: "application/problem+json")
            let calls = try await history.client.postJSON("/webhooks/ccai/calls", #"[{"id": 7, "status": "queued", "end_user": {"id": 3}}]"#)
            try check(calls, path: "/webhooks/ccai/calls", method: "post")
            try check(
                try await history.client.postJSON("/webhooks/ccai/calls", #"{"id": 7}"#), path: "/webhooks/ccai/calls", method: "post",
                mediaType: "application/problem+json")
            let callsPosition = try #require(calls.headers["cx-log-position"])
            try check(try await history.client.get("/v1/calls/7?minPosition=\(callsPosition)"), path: "/v1/calls/{callId}")
            try check(try await history.client.get("/v1/calls/leg-1?minPosition=\(callsPosition)"), path: "/v1/calls/{callId}")
            try check(try await history.client.get("/v1/calls/none"), path: "/v1/calls/{callId}", mediaType: "application/problem+json")

            try check(try await history.read("/v1/events?after=0"), path: "/v1/events")
            try check(try await history.read("/healthz"), path: "/healthz")
            try check(try await history.read("/v1/customers?channelCustomerIdentifier=%2B41790000001"), path: "/v1/customers")
            try check(try await history.read("/v1/customers?q=cust"), path: "/v1/customers")
            try check(try await history.read("/v1/customers/cust-1"), path: "/v1/customers/{customerId}")
            let search = try await history.read("/v1/search?q=hello")
            #expect(!search.json.activities.isEmpty, "\(search.text)")
            try check(search, path: "/v1/search")
            try check(try await history.read("/v1/search?q=%22open"), path: "/v1/search", mediaType: "application/problem+json")
            try check(try await history.read("/v1/customers/cust-1/activities?limit=1"), path: "/v1/customers/{customerId}/activities")
            try check(try await history.read("/v1/customers/cust-1/conversations"), path: "/v1/customers/{customerId}/conversations")
            try check(try await history.read("/v1/conversations/conv-1"), path: "/v1/conversations/{conversationId}")
            try check(try await history.read("/v1/activities/m1"), path: "/v1/activities/{messageId}")
            try check(
                try await history.read("/conversation-manager/customer-topics/customer/cust-1/activities?limit=5&offset=0&activity-type=ALL"),
                path: "/conversation-manager/customer-topics/customer/{customerId}/activities")
            try check(try await history.read("/v1/activities/none"), path: "/v1/activities/{messageId}", mediaType: "application/problem+json")
            try check(
                try await history.read("/v1/customers/cust-1/activities?cursor=x"), path: "/v1/customers/{customerId}/activities",
                mediaType: "application/problem+json")
        }
    }

    /// Every operation shows what it answers: its success response has an example, and a JSON
    /// example is what the response's schema says (the examples were captured from a real
    /// server, so this also catches a schema that drifted from them).
    @Test func everyOperationHasAnExampleTheSchemaAccepts() async throws {
        try await withHistory { history in
            let checker = SchemaChecker(document: try await history.client.get("/openapi.json").json)
            let paths = try #require(checker.document["paths"] as? [String: [String: Any]])
            var operations = 0
            for (path, item) in paths {
                for (method, value) in item {
                    guard let operation = value as? [String: Any], let responses = operation["responses"] as? [String: Any] else { continue }
                    operations += 1
                    let success = try #require(responses.keys.filter { $0.hasPrefix("2") }.min(), "\(method) \(path) has no success response")
                    let content = try #require((responses[success] as? [String: Any])?["content"] as? [String: [String: Any]])
                    #expect(content.values.contains { $0["example"] != nil }, "\(method) \(path) \(success) has no example")
                    if let json = content["application/json"], let example = json["example"], let schema = json["schema"] as? [String: Any] {
                        #expect(
                            checker.violations(of: example, against: schema).isEmpty,
                            "\(method) \(path): \(checker.violations(of: example, against: schema))")
                    }
                }
            }
            #expect(operations == 29)
        }
    }

    @Test func theCheckerCatchesADeviation() throws {
        let checker = SchemaChecker(document: [
            "components": [
                "schemas": [
                    "Receipt": ["type": "object", "required": ["id"], "additionalProperties": false, "properties": ["id": ["type": "string"]]]
                ]
            ]
        ])
        let schema: [String: Any] = ["$ref": "#/components/schemas/Receipt"]
        #expect(checker.violations(of: ["id": "a"], against: schema).isEmpty)
        #expect(checker.violations(of: ["id": 1], against: schema).count == 1)
        #expect(checker.violations(of: ["other": "a"], against: schema).count == 2)
    }
}
