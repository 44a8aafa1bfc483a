import Cryptography
import Model
import Store
/// Turns one checked row into the record its file holds.
extension CSVImporter {
    func add(_ row: inout CSVRow, format: CSVFormat, to data: inout RegistryData) {
        switch format.file {
        case CSVFormat.codeExceptions.file: addCodeException(&row, to: &data)
        case CSVFormat.agencies.file: addAgency(&row, to: &data)
        case CSVFormat.filings.file: addFiling(&row, to: &data)
        case CSVFormat.qualifications.file: addQualification(&row, to: &data)
        case CSVFormat.qualificationScope.file: addScopeItem(&row, to: &data)
        case CSVFormat.keyPersonnel.file: addKeyPerson(&row, to: &data)
        case CSVFormat.evaluations.file: addEvaluation(&row, to: &data)
        case CSVFormat.seriousDishonesty.file: addSeriousDishonesty(&row, to: &data)
        case CSVFormat.badRecords.file: addBadRecord(&row, to: &data)
        case CSVFormat.warnings.file: addWarning(&row, to: &data)
        case CSVFormat.objections.file: addObjection(&row, to: &data)
        case CSVFormat.publicationStages.file: addStage(&row, to: &data)
        case CSVFormat.infoChanges.file: addInfoChange(&row, to: &data)
        case CSVFormat.reportNumbers.file: addReportNumber(&row, to: &data)
        case CSVFormat.inspectors.file: addInspector(&row, to: &data)
        case CSVFormat.inspectionDraws.file: addDraw(&row, to: &data)
        case CSVFormat.inspections.file: addInspection(&row, to: &data)
        default: preconditionFailure("no reader for \(format.file)")
        }
    }

    /// Art. 2: `一、二、五`; also accepts commas, semicolons and spaces between the numerals.
    static func serviceCategories(_ text: String) -> (categories: [ServiceCategory], unknown: [String]) {
        let parts = text.split(whereSeparator: { "、,，;； /".contains($0) }).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        var categories: Set<ServiceCategory> = []
        var unknown: [String] = []
        for part in parts {
            if let c = ServiceCategory(numeral: part) { categories.insert(c) } else { unknown.append(part) }
        }
        return (categories.sorted(), unknown)
    }

    /// Only a code of the right form whose check character alone is wrong can be an exception.
    func addCodeException(_ row: inout CSVRow, to data: inout RegistryData) {
        guard let raw = row.required("统一社会信用代码") else { return }
        let explanation = row.required("说明")
        let confirmed = row.date("确认日期")
        switch UnifiedSocialCreditCode.validate(raw) {
        case .success:
            row.error("E105.needsNoException", "统一社会信用代码", ["raw": "\(raw)"])
        case .failure(.wrongCheckCharacter):
            break
        case .failure:
            row.error("E105.notCodeAlphabet", "统一社会信用代码",
                      ["raw": "\(raw)"])
        }
        guard row.problems.isEmpty, let explanation, let confirmed else { return }
        data.published.codeExceptions.append(CodeException(origin: row.origin, code: UnifiedSocialCreditCode(unchecked: raw),
                                                           explanation: explanation, confirmedOn: confirmed))
    }

    func addAgency(_ row: inout CSVRow, to data: inout RegistryData) {
        let code = row.code()
        let name = row.required("机构名称")
        let district = row.required("所在区县", oneOf: rules.districts, else: "E112", value: "district", list: "districts")
        let address = row.required("地址")
        let nature = row.required("法人性质")
        let representative = row.required("法定代表人")
        var categories: [ServiceCategory] = []
        if let raw = row.required("服务类别") {
            let parsed = Self.serviceCategories(raw)
            categories = parsed.categories
            for bad in parsed.unknown {
                row.error("E113.unknownCategory", "服务类别",
                          ["bad": "\(bad)"])
            }
            if parsed.unknown.isEmpty && categories.isEmpty {
                row.error("E113.noCategory", "服务类别")
            }
        }
        guard let code, let name, let district, let address, let nature, let representative, row.problems.isEmpty else { return }
        data.published.agencies.append(Agency(origin: row.origin, code: code, name: name, district: district, address: address,
                                              legalNature: nature, legalRepresentative: representative, serviceCategories: categories))
        let person = row.text("联系人"), phone = row.text("联系电话")
        if !person.isEmpty || !phone.isEmpty {
            data.internalOnly.contacts.append(AgencyContact(origin: row.origin, agency: code, person: person, phone: phone))
        }
    }

    func addFiling(_ row: inout CSVRow, to data: inout RegistryData) {
        let code = row.code()
        let number = row.required("备案编号")
        let date = row.date("备案日期")
        let status = row.oneOf("备案状态", FilingStatus.self)
        guard let code, let number, let date, let status else { return }
        data.published.filings.append(Filing(origin: row.origin, agency: code, number: number, filedOn: date, status: status))
    }

    func addQualification(_ row: inout CSVRow, to data: inout RegistryData) {
        let number = row.required("证书编号")
        if let number, !(number.count == 12 && number.allSatisfy({ $0.asciiDigitValue != nil })) {
            let lostZero = number.count == 11 && number.allSatisfy { $0.asciiDigitValue != nil }
            row.error(lostZero ? "E114.lostZero" : "E114", "证书编号", ["number": "\(number)"])
        }
        let code = row.code()
        let issuer = row.required("发证机关")
        let issued = row.date("发证日期")
        let until = row.date("有效期至")
        if let issued, let until, until <= issued {
            row.error("E122.expiresBeforeIssued", "有效期至", ["until": "\(until)", "issued": "\(issued)"])
        }
        guard let number, let code, let issuer, let issued, let until, row.problems.isEmpty else { return }
        data.published.qualifications.append(Qualification(origin: row.origin, certificateNumber: number, agency: code,
                                                           issuer: issuer, issuedOn: issued, validUntil: until))
    }

    func addScopeItem(_ row: inout CSVRow, to data: inout RegistryData) {
        let number = row.required("证书编号")
        let element = row.required("环境要素")
        let item = row.required("检测项目")
        guard let number, let element, let item else { return }
        data.published.scopeItems.append(ScopeItem(origin: row.origin, certificateNumber: number, element: element,
                                                   item: item, method: row.text("方法标准")))
    }

    func addKeyPerson(_ row: inout CSVRow, to data: inout RegistryData) {
        let code = row.code()
        let role = row.required("岗位", oneOf: KeyPerson.roles, else: "E171", value: "role", list: "roles")
        let name = row.required("姓名")
        let id = row.required("身份证号码")
        if let id, !ResidentIdentityNumber.isValid(id) {
            // The number itself is internal: the message must not repeat it.
            let expected = ResidentIdentityNumber.checkCharacter(for: id.prefix(17))
            if id.count == 18, let expected { row.error("E170.checkCharacter", "身份证号码", ["expected": "\(expected)"]) }
            else { row.error("E170", "身份证号码") }
        }
        guard let code, let role, let name, let id, row.problems.isEmpty else { return }
        data.internalOnly.keyPersonnel.append(KeyPerson(origin: row.origin, agency: code, role: role, name: name, idNumber: id, phone: row.text("联系电话")))
    }

    func addEvaluation(_ row: inout CSVRow, to data: inout RegistryData) {
        let year = row.year()
        let code = row.code()
        let inScope = row.yesNo("是否纳入评价")
        let scores = SubScores.titles.map { row.score($0) }
        let total = row.score("总分")
        let grade = row.grade("评定等级")
        let reason = row.optionalText("不予评定原因")
        guard let year, let code, let inScope, row.problems.isEmpty else { return }
        var subScores: SubScores?
        if scores.allSatisfy({ $0 != nil }) {
            subScores = SubScores(basicQuality: scores[0]!, businessExecution: scores[1]!, operationManagement: scores[2]!, integrityRecord: scores[3]!)
        }
        let missing = zip(SubScores.titles, scores).filter { $0.1 == nil }.map(\.0)
        if inScope && reason == nil && !missing.isEmpty {
            row.error("E133.inScopeMissing", missing[0],
                      ["missing": "\(missing.joined(separator: "、"))"])
            return
        }
        if !missing.isEmpty && missing.count < 4 {
            row.error("E133.someMissing", missing[0],
                      ["missing": "\(missing.joined(separator: "、"))"])
            return
        }
        data.published.evaluations.append(EvaluationRecord(origin: row.origin, year: year, agency: code, inScope: inScope,
                                                           subScores: subScores, total: total ?? subScores?.sum, givenGrade: grade,
                                                           notRatedReason: reason))
    }

    func addSeriousDishonesty(_ row: inout CSVRow, to data: inout RegistryData) {
        let code = row.code()
        var trigger: SeriousDishonestyTrigger?
        let rawTrigger = row.text("情形")
        if rawTrigger.isEmpty {
            row.error("E150", "情形")
        } else if let t = SeriousDishonestyTrigger(numeral: rawTrigger) {
            trigger = t
        } else {
            row.error("E151", "情形", ["rawTrigger": "\(rawTrigger)"])
        }
        let verified = row.date("认定日期")
        let document = row.required("认定文号")
        let authority = row.required("认定机关")
        let summary = row.required("事实摘要")
        let lifted = row.date("解除日期", required: false)
        if let verified, let lifted, lifted < verified {
            row.error("E122.liftedBeforeVerified", "解除日期", ["lifted": "\(lifted)", "verified": "\(verified)"])
        }
        guard let code, let trigger, let verified, let document, let authority, let summary, row.problems.isEmpty else { return }
        data.published.seriousDishonesty.append(SeriousDishonestyEvent(origin: row.origin, agency: code, trigger: trigger, verifiedOn: verified,
                                                                       documentNumber: document, authority: authority, summary: summary, liftedOn: lifted))
    }

    func addBadRecord(_ row: inout CSVRow, to data: inout RegistryData) {
        let code = row.code()
        let kind = row.required("类别")
        let document = row.required("决定文书号")
        let authority = row.required("决定机关")
        let decided = row.date("决定日期")
        let content = row.required("内容")
        let until = row.date("公示截止日期", required: false)
        let repaired = row.date("信用修复日期", required: false)
        if let decided, let until, until < decided {
            row.error("E122.disclosureEndsBeforeDecided", "公示截止日期", ["until": "\(until)", "decided": "\(decided)"])
        }
        if let decided, let repaired, repaired < decided {
            row.error("E122.repairedBeforeDecided", "信用修复日期", ["repaired": "\(repaired)", "decided": "\(decided)"])
        }
        let details = BadRecordDetails(
            violationType: row.optionalText("违法行为类型"), facts: row.optionalText("违法事实"), basis: row.optionalText("处罚依据"),
            penaltyKind: row.optionalText("处罚类别"), penaltyContent: row.optionalText("处罚内容"),
            fine: row.amount("罚款金额（万元）"), confiscation: row.amount("没收金额（万元）"), license: row.optionalText("暂扣或吊销证照"),
            validUntil: row.date("处罚有效期", required: false), authorityCode: row.optionalCode("决定机关统一社会信用代码"),
            source: row.optionalText("数据来源单位"), sourceCode: row.optionalCode("数据来源单位统一社会信用代码"))
        if let decided, let valid = details.validUntil, valid < decided {
            row.error("E122.validityEndsBeforeDecided", "处罚有效期", ["valid": "\(valid)", "decided": "\(decided)"])
        }
        if details.sourceCode != nil && details.source == nil {
            row.error("E126", "数据来源单位")
        }
        guard let code, let kind, let document, let authority, let decided, let content, row.problems.isEmpty else { return }
        data.published.badRecords.append(BadRecord(origin: row.origin, agency: code, kind: kind, documentNumber: document, authority: authority,
                                                   decidedOn: decided, content: content, disclosureUntil: until, repairedOn: repaired, details: details))
    }

    func addWarning(_ row: inout CSVRow, to data: inout RegistryData) {
        let code = row.code()
        let form = row.oneOf("警示形式", WarningForm.self)
        let date = row.date("日期")
        let content = row.required("内容")
        guard let code, let form, let date, let content else { return }
        let warning = WarningRecord(origin: row.origin, agency: code, form: form, issuedOn: date, documentNumber: row.text("文号"), content: content)
        if form.isPublic { data.published.publicCirculars.append(warning) } else { data.internalOnly.nonPublicWarnings.append(warning) }
    }

    func addObjection(_ row: inout CSVRow, to data: inout RegistryData) {
        let year = row.year()
        let code = row.code()
        let objector = row.required("异议人")
        let filed = row.date("提出日期")
        let decision = row.oneOf("复核结果", ObjectionDecision.self)
        let corrected = row.grade("更正后等级")
        let decided = row.date("复核日期", required: false)
        var acceptedLate = false
        if !row.text("逾期受理").isEmpty { acceptedLate = row.yesNo("逾期受理") ?? false }
        if decision == .corrected && corrected == nil {
            row.error("E180.correctionWithoutGrade", "更正后等级")
        }
        if let corrected, decision != .corrected {
            row.error("E180.gradeWithoutCorrection", "更正后等级", ["correctedLetter": "\(corrected.letter)"])
        }
        if corrected == .e {
            row.error("E180.correctedToE", "更正后等级")
        }
        if let decision, decision != .pending, decided == nil {
            row.error("E180.reviewedWithoutDate", "复核日期")
        }
        if let filed, let decided, decided < filed {
            row.error("E122.decidedBeforeFiled", "复核日期", ["decided": "\(decided)", "filed": "\(filed)"])
        }
        guard let year, let code, let objector, let filed, let decision, row.problems.isEmpty else { return }
        let id = data.published.objections.count + 1
        data.published.objections.append(Objection(origin: row.origin, id: id, year: year, agency: code, filedOn: filed,
                                                   decision: decision, correctedGrade: corrected, decidedOn: decided, acceptedLate: acceptedLate))
        data.internalOnly.objectors.append(ObjectorIdentity(objectionID: id, objector: objector, contact: row.text("联系方式")))
    }

    func addStage(_ row: inout CSVRow, to data: inout RegistryData) {
        let year = row.year()
        let start = row.date("公示开始日期")
        let end = row.date("公示截止日期")
        let final = row.date("公布日期")
        if let start, let end, end < start {
            row.error("E190.noticeEndsBeforeStart", "公示截止日期", ["end": "\(end)", "start": "\(start)"])
        }
        if let end, let final, final <= end {
            row.error("E190.finalBeforeNoticeEnds", "公布日期",
                      ["final": "\(final)", "end": "\(end)"])
        }
        if let year, let start, start.year <= year {
            row.error("E190.noticeBeforeYearEnds", "公示开始日期",
                      ["year": "\(year)", "year2": "\(start.year)", "year3": "\(year + 1)"])
        }
        guard let year, let start, let end, let final, row.problems.isEmpty else { return }
        data.published.stages.append(PublicationStage(origin: row.origin, year: year, noticeStart: start, noticeEnd: end, finalOn: final))
    }
}

extension CSVImporter {
    func addInfoChange(_ row: inout CSVRow, to data: inout RegistryData) {
        let code = row.code()
        let field = row.required("变更事项", oneOf: InfoChange.fields, else: "E172", value: "field", list: "fields")
        let changed = row.date("变更日期")
        let filed = row.date("办理日期", required: false)
        if let changed, let filed, filed < changed {
            row.error("E122.filedBeforeChange", "办理日期", ["filed": "\(filed)", "changed": "\(changed)"])
        }
        let former = row.optionalText("变更前名称")
        if former != nil, let field, field != "名称" {
            row.error("E174", "变更前名称", ["field": "\(field)"])
        }
        guard let code, let field, let changed, row.problems.isEmpty else { return }
        data.internalOnly.infoChanges.append(InfoChange(origin: row.origin, agency: code, field: field, changedOn: changed, filedOn: filed, formerName: former))
        if let former, filed != nil {
            data.published.formerNames.append(FormerName(origin: row.origin, agency: code, name: former, changedOn: changed))
        }
    }

    /// Art. 18: a report number read from its row, with its number and code normalized (once: as compared for
    /// duplicates and as hashed for the digest, at ten million rows).
    func reportNumber(_ row: inout CSVRow) -> (number: ReportNumber, numberKey: String, codeKey: String)? {
        let number = row.required("报告编号")
        let numberKey = number.map(ReportNumber.normalized)
        if let numberKey, numberKey.isEmpty {
            row.error("E118", "报告编号")
        }
        // The message never repeats the code: it is internal.
        let verification = row.required("验证码")
        let codeKey = verification.map(ReportNumber.normalizedCode)
        if let codeKey, let weakness = ReportNumber.weakness(ofCodeKey: codeKey) {
            row.error("E106", "验证码",
                      ["weakness": .message(weakness)])
        }
        let code = row.code()
        let issued = row.date("出具日期")
        let type = row.required("报告类型")
        guard let number, let numberKey, let verification, let codeKey, let code, let issued, let type, row.problems.isEmpty else { return nil }
        return (ReportNumber(origin: row.origin, number: number, code: verification, agency: code, issuedOn: issued, type: type), numberKey, codeKey)
    }

    /// Art. 18: the number and its verification code stay internal; the public side gets the SHA-256 of both.
    func addReportNumber(_ row: inout CSVRow, to data: inout RegistryData) {
        guard let (n, numberKey, codeKey) = reportNumber(&row) else { return }
        data.internalOnly.reportNumbers.append(n)
        data.published.reportNumbers.append(PublishedReportNumber(origin: n.origin, digest: ReportNumber.digest(numberKey: numberKey, codeKey: codeKey).hex,
                                                                  agency: n.agency, issuedOn: n.issuedOn, type: n.type))
    }

    func addInspector(_ row: inout CSVRow, to data: inout RegistryData) {
        let badge = row.required("执法证号")
        let name = row.required("姓名")
        let unit = row.required("单位")
        guard let badge, let name, let unit else { return }
        data.internalOnly.inspectors.append(Inspector(origin: row.origin, badge: badge, name: name, unit: unit))
    }

    func addDraw(_ row: inout CSVRow, to data: inout RegistryData) {
        let year = row.year()
        let seed = row.required("随机种子")
        let announced = row.date("种子公布日期")
        let drawn = row.date("抽取日期")
        if let announced, let drawn, drawn <= announced {
            row.error("E196", "抽取日期",
                      ["drawn": "\(drawn)", "announced": "\(announced)"])
        }
        guard let year, let seed, let announced, let drawn, row.problems.isEmpty else { return }
        data.published.inspectionDraws.append(InspectionDraw(origin: row.origin, year: year, seed: seed, announcedOn: announced, drawnOn: drawn))
    }

    func addInspection(_ row: inout CSVRow, to data: inout RegistryData) {
        let year = row.year()
        let code = row.code()
        let date = row.date("检查日期")
        let result = row.required("检查结果")
        guard let year, let code, let date, let result, row.problems.isEmpty else { return }
        data.published.inspections.append(InspectionOutcome(origin: row.origin, year: year, agency: code, inspectedOn: date, result: result,
                                                            circular: row.text("通报文号")))
    }
}
