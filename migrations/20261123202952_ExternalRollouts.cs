using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ReviewConsole.Data;

#nullable disable

namespace ReviewConsole.Migrations
{
    /// <summary>
    /// Rollouts of external versions count the items that fell back to the champion; a webhook delivery may carry a
    /// workflow event (a canary that rolled back by itself) rather than an item's decision.
    /// </summary>
    [DbContext(typeof(ReviewDbContext))]
    [Migration("20261123202952_ExternalRollouts")]
    public sealed class ExternalRollouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "item_id",
                table: "webhook_deliveries",
                type: "bigint",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AddColumn<long>(
                name: "fallbacks",
                table: "rollouts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
            // The default only fills existing rows: the application writes the count itself.
            migrationBuilder.Sql("ALTER TABLE rollouts ALTER COLUMN fallbacks DROP DEFAULT;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM webhook_deliveries WHERE item_id IS NULL;");
            migrationBuilder.DropColumn(
                name: "fallbacks",
                table: "rollouts");

            migrationBuilder.AlterColumn<long>(
                name: "item_id",
                table: "webhook_deliveries",
                type: "bigint",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);
        }
    }
}
