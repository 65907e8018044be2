namespace PSMigrate;

public enum MigrationDirection
{
    Upgrade,
    Downgrade,
}
