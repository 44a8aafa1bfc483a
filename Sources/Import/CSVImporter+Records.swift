import Cryptography
import Model
import Store
/// Turns one checked row into the record its file holds: each entity's file says how (`add(_:to:)`); report
/// numbers are read here, on the path that streams ten million of them through a stage.
extension CSVImporter {
    func add(_ row: inout CSVRow, format: CSVFormat, to data: inout RegistryData) {
        switch format.file {
        case CSVFormat.codeExceptions.file: CodeException.add(&row, to: &data)
        case CSVFormat.agencies.file: Agency.add(&row, rules: rules, to: &data)
        case CSVFormat.filings.file: Filing.add(&row, to: &data)
        case CSVFormat.qualifications.file: Qualification.add(&row, to: &data)
        case CSVFormat.qualificationScope.file: ScopeItem.add(&row, to: &data)
        case CSVFormat.keyPersonnel.file: KeyPerson.add(&row, to: &data)
        case CSVFormat.evaluations.file: EvaluationRecord.add(&row, to: &data)
        case CSVFormat.seriousDishonesty.file: SeriousDishonestyEvent.add(&row, to: &data)
        case CSVFormat.badRecords.file: BadRecord.add(&row, to: &data)
        case CSVFormat.warnings.file: WarningRecord.add(&row, to: &data)
        case CSVFormat.objections.file: Objection.add(&row, to: &data)
        case CSVFormat.publicationStages.file: PublicationStage.add(&row, to: &data)
        case CSVFormat.infoChanges.file: InfoChange.add(&row, to: &data)
        case CSVFormat.reportNumbers.file: addReportNumber(&row, to: &data)
        case CSVFormat.inspectors.file: Inspector.add(&row, to: &data)
        case CSVFormat.inspectionDraws.file: InspectionDraw.add(&row, to: &data)
        case CSVFormat.inspections.file: InspectionOutcome.add(&row, to: &data)
        default: preconditionFailure("no reader for \(format.file)")
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

}
