/* For package-test only, never shipped: Go 1.22+ programs call ProcessPrng from bcryptprimitives.dll,
 * which every Windows 10/11 has but Debian 12's wine 8 lacks, so bgfetch-cli.exe would not start
 * under it. package-test builds this stand-in (ProcessPrng over advapi32's RtlGenRandom) into the
 * throwaway wine prefix it runs bgfetch-cli.exe in. */
#include <windows.h>
/* RtlGenRandom, exported by advapi32 as SystemFunction036 (wine 8 has it). */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n)) return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
