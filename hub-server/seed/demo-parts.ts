// The demo parts catalogue: the lamps, laser modules, light engines, boards, filters, fans and
// power supplies an engineer fits to the demo installed base's projector models.
import type { PartRow } from '../../shared/service.js';

type DemoPart = Omit<PartRow, 'id' | 'version' | 'active'> & Readonly<{ active?: boolean }>;

export const DEMO_PARTS: readonly DemoPart[] = [
  { partNumber: 'BRX-R9855950', description: 'Xenon lamp CDXL-30SD 3.0 kW', models: ['DP4K-32B', 'S4K-22'] },
  { partNumber: 'BRX-R9801420', description: 'Laser phosphor light source module', models: ['SP4K-25', 'SP2K-11C'] },
  { partNumber: 'BRX-R7681104', description: 'Light processor (DMD light engine) assembly', models: ['SP4K-25', 'DP4K-32B'] },
  { partNumber: 'BRX-R8767551', description: 'Integrated Cinema Media Processor (ICMP-X) board', models: ['SP4K-25', 'DP4K-32B', 'SP2K-11C', 'S4K-22'] },
  { partNumber: 'BRX-R8345670', description: 'Dust filter kit, card cage and light engine', models: ['SP4K-25', 'SP2K-11C'] },
  { partNumber: 'BRX-R7652122', description: 'Lamp house exhaust fan 120 mm', models: ['DP4K-32B', 'S4K-22'] },
  { partNumber: 'BRX-R9802300', description: 'Main power supply unit 1600 W', models: ['SP4K-25', 'DP4K-32B'] },
  { partNumber: 'CHR-003-005853', description: 'RGB pure laser module, red bank', models: ['CP4440-RGB', 'CP4325-RGB'] },
  { partNumber: 'CHR-003-005854', description: 'RGB pure laser module, green bank', models: ['CP4440-RGB', 'CP4325-RGB'] },
  { partNumber: 'CHR-003-005855', description: 'RGB pure laser module, blue bank', models: ['CP4440-RGB', 'CP4325-RGB', 'CP2320-RGB'] },
  { partNumber: 'CHR-003-120590', description: 'Xenon lamp CDXL-20SD 2.0 kW', models: ['CP2308'] },
  { partNumber: 'CHR-000-105428', description: 'Integrated Media Block IMB-S3', models: ['CP4440-RGB', 'CP2320-RGB', 'CP4325-RGB', 'CP2308'] },
  { partNumber: 'CHR-003-102744', description: 'Liquid cooling pump assembly', models: ['CP4440-RGB', 'CP4325-RGB'] },
  { partNumber: 'CHR-003-004780', description: 'Air filter set (intake and laser cage)', models: ['CP4440-RGB', 'CP2320-RGB', 'CP4325-RGB'] },
  { partNumber: 'NEC-NC-60LU01', description: 'Laser light module 6,000 lm', models: ['NC1402L', 'NC2041L'] },
  { partNumber: 'NEC-NC-3540LB', description: 'Laser light engine assembly', models: ['NC3541L'] },
  { partNumber: 'NEC-24PS-1200', description: 'Power supply board 24 V', models: ['NC1402L', 'NC3541L', 'NC2041L'] },
  { partNumber: 'NEC-NC-FLT03', description: 'Replacement air filter', models: ['NC1402L', 'NC3541L', 'NC2041L'] },
  { partNumber: 'SNY-LMT-300', description: 'Optical block with SXRD panels', models: ['SRX-R815P', 'SRX-R515P'] },
  { partNumber: 'SNY-LKRX-B515', description: 'Xenon lamp unit 4.2 kW', models: ['SRX-R515P'] },
  { partNumber: 'SNY-A-2142-510', description: 'Signal interface board LMT', models: ['SRX-R815P', 'SRX-R515P'] },
  { partNumber: 'EPS-ELPLP-L01', description: 'Laser diode bank', models: ['EB-PU2220B', 'EB-L1755U'] },
  { partNumber: 'EPS-ELPAF-60', description: 'Air filter', models: ['EB-PU2220B', 'EB-L1755U'] },
  { partNumber: 'GEN-FAN-92-12V', description: 'Cooling fan 92 mm 12 V (any model)', models: [] },
  { partNumber: 'GEN-HDMI-BRD-2', description: 'HDMI / HDBaseT input board', models: [] },
  { partNumber: 'GEN-UPS-1500', description: 'Projection booth UPS 1500 VA', models: [], active: false },
];
