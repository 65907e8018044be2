namespace PSMigrate;

/// <summary>What can go wrong when a step runs.</summary>
public enum HazardKind
{
    /// <summary>Rows or values destroyed: a table or column dropped, a table emptied, every row changed, a type narrowed.</summary>
    DataLoss,

    /// <summary>A lock that blocks other sessions' writes (or reads) while the statement runs and until commit.</summary>
    Lock,

    /// <summary>The table's data written out again (PostgreSQL), under an ACCESS EXCLUSIVE lock.</summary>
    Rewrite,

    /// <summary>SQLite's table rebuild: a new table, every row copied, the old table dropped.</summary>
    Rebuild,

    /// <summary>A 'Transaction: none' revision: a failure halfway leaves the part that ran.</summary>
    NonTransactional,

    /// <summary>A revision whose downgrade does nothing: it cannot be undone by Undo-Migration.</summary>
    Irreversible,
}

/// <summary>How much a hazard matters, lowest first: Test-Migration -Lint -Severity takes this order.</summary>
public enum HazardSeverity
{
    Info,
    Warning,
    Critical,
}
