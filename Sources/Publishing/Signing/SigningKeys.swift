import Foundation
import Import
import Messages
import Model

/// Where the secret key comes from: a file named on the command line, the file in `GONGSHI_SECRET_KEY_FILE`,
/// or the key itself in `GONGSHI_SECRET_KEY` — never from the repository.
public enum SigningKeys {
    public static let keyEnvironment = "GONGSHI_SECRET_KEY"
    public static let fileEnvironment = "GONGSHI_SECRET_KEY_FILE"

    static func failure(_ file: String, _ key: String, _ arguments: [String: MessageArgument] = [:]) -> GongshiError {
        GongshiError(step: .loadSecretKey, at: SourceLocation(file: file), key, arguments)
    }

    /// The signing key, or nil when none is configured (the build is then not signed).
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                            siteRoot: String) throws -> MinisignKey? {
        let path = file ?? environment[fileEnvironment].flatMap { $0.isEmpty ? nil : $0 }
        let text: String
        let origin: String
        if let path {
            let full = URL(fileURLWithPath: path).standardizedFileURL.path
            if let repository = enclosingRepository(of: full) ?? (full.hasPrefix(siteRoot + "/") ? siteRoot : enclosingSite(of: full)) {
                throw failure(path, "E700.keyInRepository",
                              ["repository": "\(repository)", "keyEnvironment": "\(keyEnvironment)"])
            }
            guard case .success(let bytes) = SiteFolder.readNamedFile(full, limit: 64 << 10), let t = String(validating: bytes, as: UTF8.self) else {
                throw failure(path, "E700.unreadableKey")
            }
            text = t
            origin = path
        } else if let inline = environment[keyEnvironment], !inline.isEmpty {
            text = inline
            origin = "$" + keyEnvironment
        } else {
            return nil
        }
        do { return try MinisignKey(secretKeyText: text) } catch let e as MinisignKey.Failure {
            throw failure(origin, "E700.badKey", ["reason": .message(e.reason)])
        }
    }

    /// The git work tree a path lies in, if any.
    public static func enclosingRepository(of path: String) -> String? {
        var url = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(".git").path) { return url.path }
            url = url.deletingLastPathComponent()
        }
        return nil
    }

    /// The site folder (one holding config.toml) a path lies in, if any: a key there could be published.
    public static func enclosingSite(of path: String) -> String? {
        var folder = RelativePath.parent(URL(fileURLWithPath: path).standardizedFileURL.path)
        while !folder.isEmpty {
            if FileManager.default.fileExists(atPath: folder + "/" + SiteConfig.fileName) { return folder }
            folder = RelativePath.parent(folder)
        }
        return nil
    }

    /// `gongshi keygen`: a new key pair, the secret key readable by its owner only.
    public static func generate(secretKeyPath: String, force: Bool) throws -> (key: MinisignKey, publicKeyPath: String) {
        let full = URL(fileURLWithPath: secretKeyPath).standardizedFileURL.path
        let publicPath = (full.hasSuffix(".key") ? String(full.dropLast(4)) : full) + ".pub"
        if let repository = enclosingRepository(of: full), !force {
            throw failure(secretKeyPath, "E700.insideGitRepository",
                          ["full": "\(full)", "repository": "\(repository)"])
        }
        if let site = enclosingSite(of: full) {
            throw failure(secretKeyPath, "E700.insideSiteFolder",
                          ["full": "\(full)", "site": "\(site)"])
        }
        for path in [full, publicPath] where FileManager.default.fileExists(atPath: path) {
            throw failure(path, "E700.alreadyExists", ["path": "\(path)"])
        }
        try FileManager.default.createDirectory(atPath: RelativePath.parent(full), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let key = MinisignKey.generate()
        guard FileManager.default.createFile(atPath: full, contents: Data(key.secretKeyFile!.utf8), attributes: [.posixPermissions: 0o600]),
              FileManager.default.createFile(atPath: publicPath, contents: Data(key.publicKeyFile.utf8), attributes: [.posixPermissions: 0o644]) else {
            throw failure(secretKeyPath, "E700.keyWriteFailed")
        }
        return (key, publicPath)
    }
}
