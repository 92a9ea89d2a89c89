// How fast simdjson (Debian's libsimdjson-dev) parses the lines of an NDJSON file, one
// document per line as the ingest path gets them: the DOM parser (full validation, UTF-8
// included) and the On-Demand parser walking every value. Best of five passes.
//
//   Benchmarks/simdjson/run.sh FILE.ndjson
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

static size_t walk(simdjson::ondemand::value value) {
    size_t count = 1;
    switch (value.type()) {
    case simdjson::ondemand::json_type::object:
        for (auto field : value.get_object()) {
            std::string_view key = field.unescaped_key();
            count += key.size() > 0;
            count += walk(field.value());
        }
        break;
    case simdjson::ondemand::json_type::array:
        for (auto element : value.get_array()) count += walk(element.value());
        break;
    case simdjson::ondemand::json_type::string:
        count += std::string_view(value.get_string()).size() > 0;
        break;
    case simdjson::ondemand::json_type::number:
        count += value.get_number().value().is_double();
        break;
    default:
        break;
    }
    return count;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: parse FILE.ndjson\n");
        return 2;
    }
    std::ifstream input(argv[1]);
    std::vector<simdjson::padded_string> lines;
    size_t bytes = 0;
    for (std::string line; std::getline(input, line);) {
        bytes += line.size();
        lines.emplace_back(line);
    }
    auto best = [&](auto pass) {
        double fastest = 1e30;
        for (int round = 0; round < 5; round++) {
            auto start = std::chrono::steady_clock::now();
            size_t checksum = pass();
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (checksum == 0) std::fprintf(stderr, "nothing parsed\n");
            fastest = std::min(fastest, seconds);
        }
        return fastest;
    };
    simdjson::dom::parser dom;
    double domSeconds = best([&] {
        size_t count = 0;
        for (auto &line : lines) count += dom.parse(line).error() == simdjson::SUCCESS;
        return count;
    });
    simdjson::ondemand::parser onDemand;
    double onDemandSeconds = best([&] {
        size_t count = 0;
        for (auto &line : lines) {
            auto document = onDemand.iterate(line);
            count += walk(document.get_value());
        }
        return count;
    });
    std::printf("simdjson " SIMDJSON_STRINGIFY(SIMDJSON_VERSION) ", %zu lines, %.0f bytes on average, implementation %s\n", lines.size(),
                double(bytes) / lines.size(), simdjson::get_active_implementation()->name().c_str());
    std::printf("DOM parse:        %.2f µs/line, %.0f MB/s\n", domSeconds / lines.size() * 1e6, bytes / domSeconds / 1e6);
    std::printf("On-Demand, walk:  %.2f µs/line, %.0f MB/s\n", onDemandSeconds / lines.size() * 1e6,
                bytes / onDemandSeconds / 1e6);
}
