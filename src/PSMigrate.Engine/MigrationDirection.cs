namespace PSMigrate.Engine;

public enum MigrationDirection
{
    Upgrade,
    Downgrade,
}
