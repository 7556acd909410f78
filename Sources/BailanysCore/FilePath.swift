import Foundation

public enum FilePath {
    /// The folder holding `path`: "." for a bare file name, whose folder Foundation gives as "" (creating or listing
    /// "" fails: `access grant --authorized-keys ak` stopped on a raw "The file doesn't exist"; review).
    public static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }
}
