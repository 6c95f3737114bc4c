/// The language of a report: its words, and how its numbers are written.
/// Policy terms are given as the documents use them (ingroeipad,
/// woonplaatsbeginsel, centrumgemeente) in both languages.
public enum ReportLanguage: String, CaseIterable, Sendable {
    case en, nl

    public var numberFormat: NumberFormat { self == .nl ? .dutch : .english }

    /// The fan charts' legend words.
    public var chartLabels: FanChart.Labels {
        var labels = FanChart.Labels()
        if self == .nl {
            labels.median = "mediaan"
            labels.observed = "waargenomen"
            labels.million = "miljoen"
        }
        return labels
    }

    /// The heat map's words.
    public var heatMapLabels: StressHeatMap.Labels {
        var labels = StressHeatMap.Labels()
        if self == .nl {
            labels.probability = "P(tekort)"
            labels.legend = "aandeel replicaties met een tekort in het jaar"
            labels.undefined = "onbepaald"
        }
        return labels
    }

    /// The tornado chart's words.
    public var tornadoLabels: TornadoChart.Labels {
        var labels = TornadoChart.Labels()
        if self == .nl {
            labels.axis = "partiële rangcorrelatie (PRCC) met 95 %-interval"
            labels.positive = "positief: een hogere waarde geeft een hogere uitkomst"
            labels.negative = "negatief: een hogere waarde geeft een lagere uitkomst"
            labels.undefined = "onbepaald"
        }
        return labels
    }

    /// The report's text for `key`.
    func text(_ key: ReportText) -> String { self == .nl ? key.dutch : key.english }
}

/// The fixed texts of a report.
enum ReportText {
    case report, batchReport, headline, diagnostics, noDiagnostics, clients, money, ingroeipad, sensitivity
    case manifest, parameters, uncertainParameters, comparisons, stressMatrix, scenarios
    case regionBalance, objectiveDistribution, mostAtRisk, waitingList, firstYearCost, noneAtRisk, replications, seed, version, file
    case municipality, year, budget, historicalBudget, redistribution, capAdjustment, capBinds, capNeverBinds
    case value, source, path, distribution, differenceAgainst, notFound, table, historicalPart, objectivePart

    var english: String {
        switch self {
        case .report: "Doorstroom report"
        case .batchReport: "Doorstroom batch report"
        case .headline: "Headline"
        case .diagnostics: "Consistency diagnostics"
        case .noDiagnostics: "No consistency warnings."
        case .clients: "Clients"
        case .money: "Balance per municipality"
        case .ingroeipad: "Ingroeipad: historical and objective budget"
        case .sensitivity: "Sensitivity (partial rank correlation)"
        case .manifest: "Manifest"
        case .parameters: "Parameters and their sources"
        case .uncertainParameters: "Uncertain parameters"
        case .comparisons: "Paired differences against the reference"
        case .stressMatrix: "Deficit risk: P(deficit) per municipality and year"
        case .scenarios: "Scenarios"
        case .regionBalance: "Region balance in"
        case .objectiveDistribution: "Against the historical distribution in"
        case .mostAtRisk: "Most at risk"
        case .waitingList: "BW waiting list (intramural), 31 December"
        case .firstYearCost: "Cost against budget in"
        case .noneAtRisk: "no municipality had a deficit in any replication of the last year"
        case .replications: "replications"
        case .seed: "seed"
        case .version: "version"
        case .file: "file"
        case .municipality: "municipality"
        case .year: "year"
        case .budget: "budget"
        case .historicalBudget: "historical budget"
        case .redistribution: "redistribution effect"
        case .capAdjustment: "cap adjustment"
        case .capBinds: "The cap (€ per inhabitant) changes budgets in:"
        case .capNeverBinds: "The cap never changes a budget."
        case .value: "value"
        case .source: "source"
        case .path: "field"
        case .distribution: "distribution"
        case .differenceAgainst: "difference against"
        case .notFound: "not in this folder"
        case .table: "The numbers as a table"
        case .historicalPart: "(1 − w) × historical"
        case .objectivePart: "w × objective"
        }
    }

    var dutch: String {
        switch self {
        case .report: "Doorstroom-rapport"
        case .batchReport: "Doorstroom-rapport van een batch"
        case .headline: "Kerncijfers"
        case .diagnostics: "Consistentiecontroles"
        case .noDiagnostics: "Geen consistentiewaarschuwingen."
        case .clients: "Cliënten"
        case .money: "Saldo per gemeente"
        case .ingroeipad: "Ingroeipad: historisch en objectief budget"
        case .sensitivity: "Gevoeligheid (partiële rangcorrelatie)"
        case .manifest: "Verantwoording"
        case .parameters: "Parameters en hun bronnen"
        case .uncertainParameters: "Onzekere parameters"
        case .comparisons: "Gepaarde verschillen met de referentie"
        case .stressMatrix: "Tekortrisico: P(tekort) per gemeente en jaar"
        case .scenarios: "Scenario's"
        case .regionBalance: "Saldo van de regio in"
        case .objectiveDistribution: "Tegenover de historische verdeling in"
        case .mostAtRisk: "Grootste risico"
        case .waitingList: "Wachtlijst BW (intramuraal), 31 december"
        case .firstYearCost: "Kosten tegenover budget in"
        case .noneAtRisk: "geen gemeente had een tekort in enige replicatie van het laatste jaar"
        case .replications: "replicaties"
        case .seed: "seed"
        case .version: "versie"
        case .file: "bestand"
        case .municipality: "gemeente"
        case .year: "jaar"
        case .budget: "budget"
        case .historicalBudget: "historisch budget"
        case .redistribution: "herverdeeleffect"
        case .capAdjustment: "correctie door het plafond"
        case .capBinds: "Het plafond (€ per inwoner) verandert budgetten in:"
        case .capNeverBinds: "Het plafond verandert geen enkel budget."
        case .value: "waarde"
        case .source: "bron"
        case .path: "veld"
        case .distribution: "verdeling"
        case .differenceAgainst: "verschil met"
        case .notFound: "niet in deze map"
        case .table: "De getallen als tabel"
        case .historicalPart: "(1 − w) × historisch"
        case .objectivePart: "w × objectief"
        }
    }
}
