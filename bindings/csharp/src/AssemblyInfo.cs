using System.Runtime.CompilerServices;

// The tests call Native directly for the ABI-level misuse cases (NULL pointers).
[assembly: InternalsVisibleTo("GoTrue.Tests")]
