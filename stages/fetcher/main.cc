#include "common/stage_runner.h"
#include "stages/fetcher/fetcher.h"

int main(int argc, char** argv) {
  return ink::RunStageMain(argc, argv, ink::fetcher::Descriptor());
}
