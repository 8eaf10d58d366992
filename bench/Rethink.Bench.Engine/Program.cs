Console.WriteLine("engine bench: see bench/README.md");
