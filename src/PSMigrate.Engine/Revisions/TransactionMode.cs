namespace PSMigrate;

/// <summary>Whether a revision's section runs inside a transaction with its version update.</summary>
public enum TransactionMode
{
    PerRevision,
    None,
}
