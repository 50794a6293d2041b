using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ReviewConsole.Data;

#nullable disable

namespace ReviewConsole.Migrations
{
    /// <summary>
    /// Items carry their event time (occurred_at; items stored before it happened when they arrived), and review tasks
    /// a copy of it, so drift profiles, windows and agreement drift are over when items happened.
    /// </summary>
    [DbContext(typeof(ReviewDbContext))]
    [Migration("20261123225736_EventTime")]
    public sealed class EventTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "occurred_at",
                table: "items",
                type: "timestamp with time zone",
                nullable: true);
            migrationBuilder.Sql("UPDATE items SET occurred_at = received_at;");
            migrationBuilder.Sql("ALTER TABLE items ALTER COLUMN occurred_at SET NOT NULL;");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "occurred_at",
                table: "review_tasks",
                type: "timestamp with time zone",
                nullable: true);
            migrationBuilder.Sql("UPDATE review_tasks t SET occurred_at = i.occurred_at FROM items i WHERE i.id = t.item_id;");
            migrationBuilder.Sql("ALTER TABLE review_tasks ALTER COLUMN occurred_at SET NOT NULL;");

            migrationBuilder.CreateIndex(
                name: "ix_review_tasks_done_by_event_time",
                table: "review_tasks",
                columns: new[] { "workflow_id", "occurred_at" },
                filter: "status = 'done'");

            migrationBuilder.CreateIndex(
                name: "ix_items_workflow_id_occurred_at",
                table: "items",
                columns: new[] { "workflow_id", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_review_tasks_done_by_event_time",
                table: "review_tasks");

            migrationBuilder.DropIndex(
                name: "ix_items_workflow_id_occurred_at",
                table: "items");

            migrationBuilder.DropColumn(
                name: "occurred_at",
                table: "review_tasks");

            migrationBuilder.DropColumn(
                name: "occurred_at",
                table: "items");
        }
    }
}
