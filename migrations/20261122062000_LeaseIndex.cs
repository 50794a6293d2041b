using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ReviewConsole.Data;

namespace ReviewConsole.Migrations;

/// <summary>Claims first look for the reviewer's own live lease; without this index that scanned every open task.</summary>
[DbContext(typeof(ReviewDbContext))]
[Migration("20261122062000_LeaseIndex")]
public sealed class LeaseIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        "CREATE INDEX ix_review_tasks_leases ON review_tasks (workflow_id, leased_by) WHERE status = 'leased';");

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("DROP INDEX ix_review_tasks_leases;");
}
