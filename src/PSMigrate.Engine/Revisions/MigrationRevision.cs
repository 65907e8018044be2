using PSMigrate.Engine.Revisions;

namespace PSMigrate;

/// <summary>
/// One revision file as read from disk. The public properties are plain values so the object
/// can go straight to Where-Object, Export-Csv or ConvertTo-Json; the SQL stays internal.
/// </summary>
public sealed class MigrationRevision
{
    internal MigrationRevision(
        string revision,
        string[] downRevision,
        string message,
        DateTimeOffset? createDate,
        string[] branchLabels,
        string[] dependsOn,
        TransactionMode transaction,
        string path,
        string checksum,
        SqlSection upgrade,
        SqlSection downgrade,
        RevisionKind kind = RevisionKind.Sql)
    {
        Format = kind;
        Revision = revision;
        DownRevision = RevisionIds.Own(downRevision);
        Message = message;
        CreateDate = createDate;
        BranchLabels = RevisionIds.Own(branchLabels);
        DependsOn = RevisionIds.Own(dependsOn);
        TransactionMode = transaction;
        Path = path;
        Checksum = checksum;
        Upgrade = upgrade;
        Downgrade = downgrade;
    }

    public string Revision { get; }

    /// <summary>'Sql' or 'PowerShell': how the file is written.</summary>
    public string Kind => Format.ToString();

    public RevisionIds DownRevision { get; }
    public string Message { get; }
    public DateTimeOffset? CreateDate { get; }
    public RevisionIds BranchLabels { get; }
    public RevisionIds DependsOn { get; }

    /// <summary>'PerRevision' or 'None', from the file's 'Transaction:' header.</summary>
    public string Transaction => TransactionMode.ToString();
    public string Path { get; }

    /// <summary>SHA-256 of the file's normalised text; lets a later run see that an applied file was edited.</summary>
    public string Checksum { get; }

    public bool IsHead { get; internal set; }
    public bool IsBase { get; internal set; }
    public bool IsBranchPoint { get; internal set; }
    public bool IsMergePoint { get; internal set; }

    internal RevisionKind Format { get; }

    internal TransactionMode TransactionMode { get; }

    internal SqlSection Upgrade { get; }
    internal SqlSection Downgrade { get; }

    internal SqlSection SectionFor(MigrationDirection direction) =>
        direction == MigrationDirection.Upgrade ? Upgrade : Downgrade;

    public override string ToString() => $"{Revision} ({Message})";
}
