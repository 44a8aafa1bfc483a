import Testing
@testable import Publishing

@Suite("The settings form changes config.toml as a person would: values in place, every comment kept")
struct ConfigEditorTests {
    static let text = """
    # 网站设置
    title = "旧名称"   # 网站名称（必填）
    publisher = "宁波市生态环境局"

    # 本局的地址
    [contact]
    phone = '0574-1'  # 总机
    email = "a@b.cn"

    [objections]
    how = \"\"\"多行
    说明\"\"\"
    """

    @Test("A value is replaced on its own line: indentation, the trailing comment and every other line as they were")
    func inPlace() throws {
        let edited = try ConfigEditor.apply([.init(section: nil, key: "title", value: "新名称"),
                                             .init(section: "contact", key: "phone", value: "0574-2")], to: Self.text).get()
        #expect(edited == Self.text.replacingOccurrences(of: "title = \"旧名称\"   #", with: "title = \"新名称\"   #")
            .replacingOccurrences(of: "phone = '0574-1'  #", with: "phone = \"0574-2\"  #"))
    }

    @Test("A missing key goes under its table's header, or above the first table; a missing table at the end")
    func added() throws {
        let edited = try ConfigEditor.apply([.init(section: "contact", key: "address", value: "宁穿路"),
                                             .init(section: nil, key: "base_url", value: "https://x.cn/"),
                                             .init(section: "publish", key: "folder", value: "/srv/www")], to: Self.text).get()
        let lines = edited.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[lines.firstIndex(of: "[contact]")! + 1] == "address = \"宁穿路\"")
        #expect(lines[lines.firstIndex(of: "publisher = \"宁波市生态环境局\"")! + 1] == "base_url = \"https://x.cn/\"")
        #expect(edited.hasSuffix("[publish]\nfolder = \"/srv/www\"\n"))
        #expect(edited.contains("# 本局的地址\n[contact]"))
    }

    @Test("Quotes, backslashes, line breaks and control characters are escaped, and read back as typed")
    func escaped() throws {
        let value = "写明\"理由\"\\和\n材料\u{7}"
        let edited = try ConfigEditor.apply([.init(section: "contact", key: "email", value: value)], to: Self.text).get()
        guard case .table(let contact)? = try TOMLParser.parse(edited).get()["contact"], case .string(let read)? = contact["email"] else {
            Issue.record("not read back"); return
        }
        #expect(read == value)
    }

    @Test("A multi-line string, or a file that does not parse, is refused with its line: never half-edited")
    func refused() {
        #expect(ConfigEditor.apply([.init(section: "objections", key: "how", value: "x")], to: Self.text) == .failure(.notEditable(key: "objections.how", line: 11)))
        if case .failure(.unreadable) = ConfigEditor.apply([.init(section: nil, key: "title", value: "x")], to: "title = ") {} else {
            Issue.record("a broken file was edited")
        }
    }
}
