namespace PSMigrate;

/// <summary>
/// One thing a step would do that an operator should know before it runs: data it destroys
/// (with the rows counted in the live database), a lock or rewrite (measured with -Analyze, or
/// from a static rule), a rebuild, no transaction, no way back.
/// </summary>
public sealed record MigrationHazard
{
    internal MigrationHazard(HazardKind kind, HazardSeverity severity, string rule, string @object, string detail)
    {
        KindValue = kind;
        SeverityValue = severity;
        Rule = rule;
        Object = @object;
        Detail = detail;
    }

    public string Kind => KindValue.ToString();

    public string Severity => SeverityValue.ToString();

    /// <summary>The table, column or revision it is about (table.column for a column).</summary>
    public string Object { get; }

    /// <summary>What happens, in a sentence: 'drops table orders (1,200,000 rows)'.</summary>
    public string Detail { get; }

    /// <summary>The rule's name (drop-table, index-without-concurrently ...), or measured-lock / measured-rewrite.</summary>
    public string Rule { get; }

    /// <summary>Rows (or non-null values of a column) it concerns, counted in the live database; null when not counted.</summary>
    public long? Rows { get; init; }

    /// <summary>Whether it destroys rows (or values) that are in the database now: data loss with a count above zero.</summary>
    public bool LosesData => KindValue == HazardKind.DataLoss && Rows > 0;

    /// <summary>True when the lock or rewrite was seen in a scratch database (-Analyze), false for a static rule.</summary>
    public bool Measured { get; init; }

    public string Revision { get; init; } = string.Empty;

    public string Direction { get; init; } = string.Empty;

    /// <summary>The revision file of the statement.</summary>
    public string? Path { get; init; }

    /// <summary>The statement's line in that file, where known.</summary>
    public int? Line { get; init; }

    /// <summary>The statement, on one line and shortened.</summary>
    public string? Statement { get; init; }

    public string? Database { get; init; }

    internal HazardKind KindValue { get; }

    internal HazardSeverity SeverityValue { get; }

    public override string ToString() => $"{Kind}: {Detail}";
}
