using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using ReviewConsole.Data;

#nullable disable

namespace ReviewConsole.Migrations
{
    /// <summary>
    /// Audited gate overrides (who, why, before and after) and reviewers' corrections of their own labels, kept
    /// beside the original.
    /// </summary>
    [DbContext(typeof(ReviewDbContext))]
    [Migration("20261123180654_ReviewGovernance")]
    public sealed class ReviewGovernance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "gate_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    workflow_id = table.Column<int>(type: "integer", nullable: false),
                    actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    justification = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    from_overrides = table.Column<string>(type: "jsonb", nullable: true),
                    to_overrides = table.Column<string>(type: "jsonb", nullable: true),
                    below_defaults = table.Column<bool>(type: "boolean", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gate_changes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "label_corrections",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    task_id = table.Column<long>(type: "bigint", nullable: false),
                    item_id = table.Column<long>(type: "bigint", nullable: false),
                    workflow_id = table.Column<int>(type: "integer", nullable: false),
                    from_label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    to_label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_label_corrections", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_gate_changes_workflow_id_at",
                table: "gate_changes",
                columns: new[] { "workflow_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_label_corrections_task_id",
                table: "label_corrections",
                column: "task_id");

            migrationBuilder.CreateIndex(
                name: "ix_label_corrections_workflow_id_at",
                table: "label_corrections",
                columns: new[] { "workflow_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "gate_changes");

            migrationBuilder.DropTable(
                name: "label_corrections");
        }
    }
}
