import Model

/// Art. 14: a department or platform the results are shared with — market supervision, the credit
/// department and Credit Ningbo by the measures, other regions by the bureau's agreements — with the
/// datasets it receives, in the columns of its field set, in the formats it loads. `[recipients.NAME]` in
/// config.toml changes a default or adds a recipient.
public struct Recipient: Sendable {
    public enum Format: String, Sendable, CaseIterable { case csv, xlsx }

    /// `market-supervision`: in the command line (`bundle --to`), the file names and the bundle log.
    public var id: String
    /// `宁波市市场监督管理局`.
    public var name: String
    /// How a letter to it is addressed (主送): `市市场监管局`.
    public var address: String
    public var receives: [BundleDataset]
    public var fieldSet: FieldSet
    public var formats: [Format]

    /// What it receives, for the bundle's README and the letter.
    public var scope: String { receives.map { fieldSet.datasets[$0]?.title ?? $0.rawValue }.joined(separator: "、") }

    /// The three of Art. 14, and the environment departments of the Yangtze River Delta (the region's credit
    /// memorandum: Shanghai's results went to Zhejiang's, Jiangsu's and Anhui's departments and credit offices).
    public static let defaults: [Recipient] = {
        let national = FieldSet.standard["national"] ?? FieldSet(name: "national", title: "", datasets: [:])
        return [
            Recipient(id: "market-supervision", name: "宁波市市场监督管理局", address: "市市场监管局",
                      receives: [.grades, .qualifications, .badRecords], fieldSet: national, formats: [.csv, .xlsx]),
            Recipient(id: "credit-management", name: "宁波市发展和改革委员会（市信用办）", address: "市发展改革委（市信用办）",
                      receives: [.grades, .seriousDishonesty, .notRated, .badRecords], fieldSet: national, formats: [.csv, .xlsx]),
            Recipient(id: "credit-ningbo", name: "“信用宁波”平台", address: "市公共信用信息服务中心（“信用宁波”平台）",
                      receives: [.grades, .seriousDishonesty, .notRated, .badRecords], fieldSet: national, formats: [.csv]),
            Recipient(id: "yrd-environment", name: "长三角区域生态环境部门（上海市生态环境局、江苏省生态环境厅、安徽省生态环境厅）",
                      address: "上海市生态环境局，江苏省生态环境厅，安徽省生态环境厅",
                      receives: [.grades, .seriousDishonesty, .notRated], fieldSet: national, formats: [.csv, .xlsx]),
        ]
    }()

    /// `[recipients]`: each `[recipients.NAME]` changes the default of that name or adds one. Keys: `name`,
    /// `address`, `receives` (datasets), `field_set` (a standard set's name), `formats` (`csv`, `xlsx`), and
    /// `[recipients.NAME.fields]`: the recipient's own columns for a dataset, as in field-sets.toml.
    static func read(_ reader: inout ConfigReader) -> [Recipient] {
        var recipients = defaults
        guard var all = reader.section("recipients") else { return recipients }
        for entry in all.allEntries() {
            guard var r = all.section(entry.key) else { continue }
            let id = entry.key
            if id.isEmpty || !id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
                r.error("name", "E400.recipientId", ["id": "\(id)"])
            }
            var recipient = recipients.first { $0.id == id }
                ?? Recipient(id: id, name: id, address: id, receives: [], fieldSet: defaults[0].fieldSet, formats: [.csv])
            recipient.name = r.string("name", default: recipient.name) ?? recipient.name
            recipient.address = r.string("address", default: recipient.address) ?? recipient.address
            if let names = r.strings("receives") {
                recipient.receives = names.compactMap { name in
                    guard let d = BundleDataset(rawValue: name) else {
                        r.error("receives", "E400.unknownDataset", ["name": "\(name)", "known": .list(BundleDataset.allCases.map { "\($0.rawValue)" })])
                        return nil
                    }
                    return d
                }
            }
            if let names = r.strings("formats") {
                recipient.formats = names.compactMap { name in
                    guard let f = Format(rawValue: name) else {
                        r.error("formats", "E400.unknownFormat", ["name": "\(name)"])
                        return nil
                    }
                    return f
                }
            }
            if let setName = r.string("field_set") {
                if let set = FieldSet.standard[setName] { recipient.fieldSet = set }
                else { r.error("field_set", "E400.unknownFieldSet", ["name": "\(setName)", "known": .list(FieldSet.standard.keys.sorted().map { "\($0)" })]) }
            }
            if var own = r.section("fields") {
                for dataset in BundleDataset.allCases where own.raw(dataset.rawValue) != nil {
                    let fields = FieldSet.readFields(dataset, dataset.rawValue, &own)
                    recipient.fieldSet.datasets[dataset] = (recipient.fieldSet.datasets[dataset]?.title ?? dataset.rawValue, fields)
                    recipient.fieldSet.name = "\(id)"
                }
                r.absorb(own)
            }
            for dataset in recipient.receives where recipient.fieldSet.fields(for: dataset).isEmpty {
                r.error("receives", "E400.noFields", ["dataset": "\(dataset.rawValue)", "set": "\(recipient.fieldSet.name)"])
            }
            if recipient.receives.isEmpty { r.error("receives", "E400.receivesNothing", ["id": "\(id)"]) }
            if recipient.formats.isEmpty { r.error("formats", "E400.unknownFormat", ["name": ""]) }
            all.absorb(r)
            if let i = recipients.firstIndex(where: { $0.id == id }) { recipients[i] = recipient } else { recipients.append(recipient) }
        }
        reader.absorb(all)
        return recipients
    }
}
