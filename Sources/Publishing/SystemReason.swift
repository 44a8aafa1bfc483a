import Foundation
import Messages
import Model
#if canImport(Glibc)
import Glibc
#endif

/// Why the system refused, said in the reader's language: the common causes (no permission, a full disk, a
/// read-only disk, a missing folder) by the catalogue, any other by the system's own words. Never a
/// Foundation error's description (`Code=512 "(null)"`), which names neither cause nor fix.
public enum SystemReason {
    public static func phrase(_ code: Int32) -> MessageArgument {
        switch code {
        case EACCES, EPERM: return .phrase("system.permission")
        case ENOSPC, EDQUOT: return .phrase("system.full")
        case EROFS: return .phrase("system.readOnly")
        case ENOENT: return .phrase("system.missing")
        case ENOTDIR: return .phrase("system.notFolder")
        case ENAMETOOLONG: return .phrase("system.nameTooLong")
        case EEXIST: return .phrase("system.exists")
        case EFBIG: return .phrase("system.fileSizeLimit")
        default: return .phrase("system.other", ["reason": "\(String(cString: strerror(code)))"])
        }
    }

    /// Why a Foundation or system call failed, from the error it threw: the POSIX code inside it when there is
    /// one (said by `phrase`), a message of gongshi's own as it is, else the error's own description.
    public static func of(_ error: Error) -> MessageArgument {
        if let failure = error as? OutputWriter.Failure { return .message(failure.text) }
        if let failure = error as? GongshiError, let first = failure.diagnostics.first { return .message(first.text) }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return phrase(Int32(ns.code)) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return phrase(Int32(underlying.code))
        }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case CocoaError.fileWriteNoPermission.rawValue, CocoaError.fileReadNoPermission.rawValue: return phrase(EACCES)
            case CocoaError.fileWriteOutOfSpace.rawValue: return phrase(ENOSPC)
            case CocoaError.fileWriteVolumeReadOnly.rawValue: return phrase(EROFS)
            case CocoaError.fileNoSuchFile.rawValue, CocoaError.fileReadNoSuchFile.rawValue: return phrase(ENOENT)
            case CocoaError.fileWriteFileExists.rawValue: return phrase(EEXIST)
            default: break
            }
        }
        return .phrase("system.other", ["reason": "\(ns.localizedFailureReason ?? ns.localizedDescription)"])
    }
}
