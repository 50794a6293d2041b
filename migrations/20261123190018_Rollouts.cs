using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ReviewConsole.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReviewConsole.Migrations
{
    /// <summary>Rollouts of model versions (one in progress per workflow) and their append-only ledger.</summary>
    [DbContext(typeof(ReviewDbContext))]
    [Migration("20261123190018_Rollouts")]
    public sealed class Rollouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "rollout_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    rollout_id = table.Column<long>(type: "bigint", nullable: false),
                    workflow_id = table.Column<int>(type: "integer", nullable: false),
                    action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    evidence = table.Column<string>(type: "jsonb", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rollout_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rollouts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    workflow_id = table.Column<int>(type: "integer", nullable: false),
                    strategy = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    challenger = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    champion = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    justification = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    started_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rollback_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    settings = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rollouts", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_rollout_entries_rollout_id",
                table: "rollout_entries",
                column: "rollout_id");

            migrationBuilder.CreateIndex(
                name: "ix_rollout_entries_workflow_id_at",
                table: "rollout_entries",
                columns: new[] { "workflow_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_rollouts_active",
                table: "rollouts",
                column: "workflow_id",
                unique: true,
                filter: "status IN ('running', 'paused')");

            migrationBuilder.CreateIndex(
                name: "ix_rollouts_workflow_id_started_at",
                table: "rollouts",
                columns: new[] { "workflow_id", "started_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rollout_entries");

            migrationBuilder.DropTable(
                name: "rollouts");
        }
    }
}
