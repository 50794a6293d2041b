using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ReviewConsole.Data;

#nullable disable

namespace ReviewConsole.Migrations
{
    /// <summary>
    /// Thresholds are probabilities: a NaN stored by an earlier release (which let a forced promotion through) is
    /// cleared, and the database refuses non-finite or out-of-range values from now on.
    /// </summary>
    [DbContext(typeof(ReviewDbContext))]
    [Migration("20261123181739_FiniteThresholds")]
    public sealed class FiniteThresholds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE workflows SET threshold = NULL WHERE NOT (threshold >= 0 AND threshold <= 1);");
            migrationBuilder.AddCheckConstraint(
                name: "ck_workflows_threshold",
                table: "workflows",
                sql: "threshold IS NULL OR (threshold >= 0 AND threshold <= 1)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_workflows_threshold",
                table: "workflows");
        }
    }
}
