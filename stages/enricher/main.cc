#include "common/stage_runner.h"
#include "stages/enricher/bus_store_query.h"
#include "stages/enricher/enricher_stage.h"

int main(int argc, char** argv) {
  return ink::RunStageMain(
      argc, argv, ink::enricher::Descriptor([](const ink::config::Config& c) {
        return ink::enricher::BusStoreQuery(c);
      }));
}
