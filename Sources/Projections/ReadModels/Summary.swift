import CIM
import Foundation

/// One line a person reads at a glance in an agent's history.
enum Summary {
    static let maximumLength = 200

    static func of(_ message: CIMMessage, type: String) -> String {
        let body = message.body
        let text = body.markdownText.map(firstLine) ?? ""
        let line: String
        switch body.content {
        case .plain:
            line = text.isEmpty ? "(empty message)" : text
        case .media(let media):
            let kind = body.type.rawValue.prefix(1) + body.type.rawValue.dropFirst().lowercased()
            let name = media.attachment.mediaName ?? fileName(in: media.additionalDetails) ?? lastPathComponent(media.attachment.mediaURL)
            line = "\(kind): \(name)" + (media.caption.map { " — \(firstLine($0))" } ?? "")
        case .sticker:
            line = "Sticker"
        case .location(let location):
            line = "Location: " + (location.name ?? location.address ?? "\(location.latitude), \(location.longitude)")
        case .contact(let contact):
            line = "Contact: " + contact.contacts.map(\.formattedName).joined(separator: ", ")
        case .url(let url):
            line = "Link: " + (text.isEmpty ? url.mediaURL : "\(text) (\(url.mediaURL))")
        case .button(let buttons):
            line = (text.isEmpty ? "Buttons" : text) + " [" + buttons.buttons.map(\.title).joined(separator: " | ") + "]"
        case .carousel(let carousel):
            line = "Carousel: \(carousel.elements.count) card\(carousel.elements.count == 1 ? "" : "s")"
        case .wrapUp(let wrapUp):
            let categories = wrapUp.wrapUps.map { wrap in wrap.categoryName.map { "\($0): \(wrap.value)" } ?? wrap.value }
            line = "Wrap-up: " + categories.joined(separator: "; ") + (wrapUp.note.map { " — \(firstLine($0))" } ?? "")
        case .notification(let notification):
            line = humanize(notification.notificationType)
        case .deliveryNotification(let delivery):
            line = "Message \(delivery.messageID) \(delivery.status?.lowercased() ?? "updated")"
        case .deletedNotification(let deleted):
            line = "Message \(deleted.messageID) deleted"
        case .voice where !text.isEmpty:
            line = text
        case .voice(let voice):
            line = humanize(type) + " (call \(voice.callID)" + (voice.leg.isEmpty ? ")" : ", leg \(voice.leg))")
        case .email(let email):
            line = "Email from \(email.from)" + (email.subject.map { ": \(firstLine($0))" } ?? "")
        case .comment(let comment):
            line = "Comment (\(comment.itemType.lowercased())) on post \(comment.postID)" + (text.isEmpty ? "" : ": \(text)")
        case .template(let template):
            line = "Template \(template.name)"
        case .custom:
            line = text.isEmpty ? "Custom message" : text
        case .action(let action):
            line = "Action " + humanize(action.name).lowercased()
        case .ivrAggregatedActivity(let ivr):
            line = ivrSummary(ivr)
        case .generic:
            line = text.isEmpty ? "\(body.type.rawValue) activity" : "\(body.type.rawValue): \(text)"
        }
        return clip(line)
    }

    /// `IVR: Main > Billing → transferred (2m 14s)`.
    static func ivrSummary(_ ivr: IVRAggregatedActivity) -> String {
        let path = ivr.menuVisits.isEmpty ? "no menu" : menuPath(ivr)
        var line = "IVR: \(path)"
        switch ivr.endDirection {
        case .transfer?: line += " → transferred"
        case .dialogEnded?: line += " → ended in IVR"
        case nil: break
        }
        if let start = ivr.startTime, let end = ivr.endTime {
            line += " (\(duration(milliseconds: end.millisecondsSince1970 - start.millisecondsSince1970)))"
        }
        return line
    }

    /// The menus visited, in order: `Main > Billing`.
    static func menuPath(_ ivr: IVRAggregatedActivity) -> String {
        ivr.menuVisits.map(\.menu).joined(separator: " > ")
    }

    /// `2m 14s`, `45s`, `1h 02m`.
    static func duration(milliseconds: Int64) -> String {
        SpokenDuration.text(seconds: milliseconds / 1000)
    }

    static func humanize(_ constant: String) -> String {
        let words = constant.split(separator: "_").map { $0.lowercased() }
        guard let first = words.first else { return constant }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst()).joined(separator: " ")
    }

    private static func firstLine(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return String(trimmed.prefix { $0 != "\n" && $0 != "\r" })
    }

    private static func clip(_ line: String) -> String {
        line.count > maximumLength ? String(line.prefix(maximumLength - 1)) + "…" : line
    }

    private static func fileName(in details: JSONValue?) -> String? {
        if case .string(let name)? = details?["fileName"] { return name }
        return nil
    }

    private static func lastPathComponent(_ url: String) -> String {
        let withoutQuery = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        if let query = url.split(separator: "?", maxSplits: 1).dropFirst().first,
            let filename = query.split(separator: "&").first(where: { $0.hasPrefix("filename=") })
        {
            return String(filename.dropFirst("filename=".count))
        }
        return withoutQuery.split(separator: "/").last.map(String.init) ?? url
    }
}
