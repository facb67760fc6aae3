// retrofit-site: reads the command line, runs it, prints, exits.
#include "cli.hpp"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    const retrofit::cli::Parsed parsed = retrofit::cli::parse(args);
    if (!parsed.error.empty()) {
        std::cerr << "retrofit-site: error: " << parsed.error << "\nTry 'retrofit-site --help'.\n";
        return retrofit::cli::k_exit_usage;
    }
    std::string out;
    std::string err;
    const int status = retrofit::cli::run(parsed.options, out, err);
    std::cout << out;
    std::cerr << err;
    return status;
}
