@{
    RootModule           = 'PSMigrate.dll'
    ModuleVersion        = '0.2.0'
    GUID                 = '3f6f7f0e-5d1c-4d8e-9c61-2b7f4a9e1c55'
    Author               = 'PSMigrate contributors'
    CompanyName          = 'PSMigrate'
    Copyright            = '(c) PSMigrate contributors. MIT licence.'
    Description          = 'Alembic for PowerShell: database schema migrations for SQLite, PostgreSQL and SQL Server as a graph of plain .sql (or .ps1) revisions with branches and merges. Upgrades and downgrades under a deployment lock, one transaction per revision, offline SQL scripts for review, drift checks, and typed objects for the pipeline.'
    PowerShellVersion    = '7.6'
    CompatiblePSEditions = 'Core'
    FormatsToProcess     = 'PSMigrate.Format.ps1xml'
    # Comma lists rather than @( ) blocks: PowerShell runs the manifest as a script on every
    # import, and each line of an @( ) block is compiled as a statement of its own.
    CmdletsToExport      = 'Initialize-Migration',
        'New-MigrationRevision',
        'Merge-MigrationRevision',
        'Get-MigrationRevision',
        'Invoke-MigrationUpgrade',
        'Undo-Migration',
        'Get-MigrationHistory',
        'Set-MigrationVersion',
        'Test-Migration',
        'Repair-Migration',
        'Get-MigrationSchema',
        'Get-MigrationPlan',
        'Compare-MigrationSchema',
        'New-MigrationTable',
        'Remove-MigrationTable',
        'Rename-MigrationTable',
        'Add-MigrationColumn',
        'Remove-MigrationColumn',
        'Rename-MigrationColumn',
        'Set-MigrationColumn',
        'New-MigrationIndex',
        'Remove-MigrationIndex',
        'Add-MigrationConstraint',
        'Remove-MigrationConstraint',
        'Add-MigrationRow',
        'Invoke-MigrationSql'
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            # The release checklist in CHANGELOG.md says what to confirm before publishing.
            Tags         = @('database', 'migration', 'migrations', 'schema', 'alembic', 'sqlite', 'postgresql', 'postgres', 'sqlserver', 'mssql', 'sql', 'devops', 'cicd', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/PSMigrate/PSMigrate'
            LicenseUri   = 'https://github.com/PSMigrate/PSMigrate/blob/main/LICENSE'
            IconUri      = 'https://raw.githubusercontent.com/PSMigrate/PSMigrate/main/docs/icon.png'
            ReleaseNotes = 'https://github.com/PSMigrate/PSMigrate/blob/main/CHANGELOG.md'
        }
    }
}
