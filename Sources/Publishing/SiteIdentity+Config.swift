import Messages
import Model
import Rendering

/// `[identity]` in config.toml (《政府网站发展指引》): each number in the form its record office issues it.
///
///     [identity]
///     organiser = "宁波市生态环境局"             # 主办单位 (default: publisher)
///     site_code = "3302000061"                  # 网站标识码
///     icp = "浙ICP备12345678号-1"                # ICP备案编号
///     police = "浙公网安备 33020302000123号"      # 公安机关备案号
///     police_icon = "beian.png"                 # its icon, a file in static/
///     conac_id = "5E1F…"                        # 党政机关网站标识: the certificate's id
///     conac_icon = "conac.png"                  # the mark, a file in static/
extension SiteIdentity {
    static func read(_ r: inout ConfigReader, publisher: String) -> SiteIdentity {
        var identity = SiteIdentity(organiser: r.string("organiser", default: publisher) ?? publisher)
        func take(_ key: String, _ problem: (String) -> Bool, _ message: String, example: String) -> String {
            guard let value = r.string(key) else { return "" }
            if problem(value) {
                r.error(key, message, ["qualified": "\(r.qualified(key))", "value": "\(value)", "example": "\(example)"])
                return ""
            }
            return value
        }
        identity.siteCode = take("site_code", siteCodeProblem, "E400.identitySiteCode", example: "3302000061")
        identity.icp = take("icp", icpProblem, "E400.identityICP", example: "浙ICP备12345678号-1")
        identity.police = take("police", policeProblem, "E400.identityPolice", example: "浙公网安备 33020302000123号")
        identity.conacID = take("conac_id", conacProblem, "E400.identityConac", example: "5E1F2A3B4C5D6E7F")
        identity.policeIcon = r.string("police_icon") ?? ""
        identity.conacIcon = r.string("conac_icon") ?? ""
        if !identity.policeIcon.isEmpty && identity.police.isEmpty {
            r.error("police_icon", "E400.identityIconAlone", ["qualified": "\(r.qualified("police_icon"))", "number": "police"])
        }
        if !identity.conacIcon.isEmpty && identity.conacID.isEmpty {
            r.error("conac_icon", "E400.identityIconAlone", ["qualified": "\(r.qualified("conac_icon"))", "number": "conac_id"])
        }
        if identity.organiser.isEmpty { r.error("organiser", "E400.documentName", ["qualified": "\(r.qualified("organiser"))"]) }
        return identity
    }
}

extension SiteContent {
    /// The identity's icons are the site's own files: each must be one of `static/`'s.
    func identityProblems(_ identity: SiteIdentity) -> [Diagnostic] {
        [("police_icon", identity.policeIcon), ("conac_icon", identity.conacIcon)].compactMap { key, file in
            guard !file.isEmpty, !staticFiles.contains(file) else { return nil }
            return Diagnostic(at: SourceLocation(file: SiteConfig.fileName, field: "identity." + key), "E400.identityIcon",
                              ["qualified": "identity.\(key)", "file": "\(file)"])
        }
    }
}
