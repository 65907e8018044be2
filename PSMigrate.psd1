@{
    RootModule           = 'PSMigrate.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '3f6f7f0e-5d1c-4d8e-9c61-2b7f4a9e1c55'
    Author               = 'PSMigrate contributors'
    CompanyName          = 'PSMigrate'
    Copyright            = '(c) PSMigrate contributors. MIT licence.'
    Description          = 'Alembic for PowerShell: versioned database schema migrations as a graph of revisions, with typed pipeline objects. SQLite today; PostgreSQL and SQL Server planned.'
    PowerShellVersion    = '7.6'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('PSMigrate.Format.ps1xml')
    CmdletsToExport      = @(
        'Initialize-Migration'
        'New-MigrationRevision'
        'Merge-MigrationRevision'
        'Get-MigrationRevision'
        'Invoke-MigrationUpgrade'
        'Undo-Migration'
        'Get-MigrationHistory'
        'Set-MigrationVersion'
        'Test-Migration'
        'Repair-Migration'
        'New-MigrationTable'
        'Remove-MigrationTable'
        'Rename-MigrationTable'
        'Add-MigrationColumn'
        'Remove-MigrationColumn'
        'Rename-MigrationColumn'
        'Set-MigrationColumn'
        'New-MigrationIndex'
        'Remove-MigrationIndex'
        'Add-MigrationConstraint'
        'Remove-MigrationConstraint'
        'Add-MigrationRow'
        'Invoke-MigrationSql'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('database', 'migration', 'schema', 'alembic', 'sqlite', 'devops')
            ProjectUri   = 'https://example.invalid/psmigrate'
            LicenseUri   = 'https://opensource.org/licenses/MIT'
        }
    }
}
