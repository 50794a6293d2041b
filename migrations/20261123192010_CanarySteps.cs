using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ReviewConsole.Data;

#nullable disable

namespace ReviewConsole.Migrations
{
    /// <summary>A canary's position on its ramp and when the step began.</summary>
    [DbContext(typeof(ReviewDbContext))]
    [Migration("20261123192010_CanarySteps")]
    public sealed class CanarySteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "step",
                table: "rollouts",
                type: "integer",
                nullable: false,
                defaultValue: 0);
            // The default only fills existing rows; the model has none.
            migrationBuilder.Sql("ALTER TABLE rollouts ALTER COLUMN step DROP DEFAULT;");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "step_started_at",
                table: "rollouts",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "step",
                table: "rollouts");

            migrationBuilder.DropColumn(
                name: "step_started_at",
                table: "rollouts");
        }
    }
}
