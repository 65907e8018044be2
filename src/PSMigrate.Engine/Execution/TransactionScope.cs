namespace PSMigrate;

/// <summary>How much one transaction covers.</summary>
public enum TransactionScope
{
    /// <summary>Each revision commits with its version and history rows: a failure keeps what succeeded before it.</summary>
    Revision,

    /// <summary>The whole run commits at once (Alembic's transaction_per_migration = False, Flyway's group): a failure leaves the database as it was.</summary>
    Run,
}
