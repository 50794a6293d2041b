// Lets WebApplicationFactory<Program> host the Api in integration tests.
public partial class Program;
