namespace PSMigrate;

/// <summary>One statement a step would send, as the executor renders it, with the file line it comes from.</summary>
public sealed record PlannedStatement(string Sql, string Path, int? Line)
{
    /// <summary>The PowerShell operation that rendered it (Remove-MigrationColumn ...), for a .ps1 revision.</summary>
    public string? Operation { get; init; }

    /// <summary>The data of 'COPY ... FROM STDIN', sent with it.</summary>
    internal string? CopyData { get; init; }

    public override string ToString() => Sql;
}
