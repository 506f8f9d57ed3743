// The one C header AnalogSim imports: GSL random numbers, distributions and nonlinear least
// squares, CBLAS, zlib, PLplot, and OpenBLAS's thread control.
//
// CBLAS is declared by GSL's <gsl/gsl_cblas.h> (which <gsl/gsl_randist.h> pulls in anyway), not by
// OpenBLAS's <cblas.h>: the two headers define conflicting enums and cannot both reach Swift. The
// cblas_* symbols are resolved from libopenblas at link time, because the module map links
// openblas and not GSL's reference libgslcblas.
#ifndef ANALOGSIM_CNUMERICS_H
#define ANALOGSIM_CNUMERICS_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <zlib.h>
#include <plplot/plplot.h>

// From OpenBLAS (declared here because its <cblas.h> cannot be included next to GSL's).
void openblas_set_num_threads(int threadCount);
int openblas_get_num_threads(void);
char *openblas_get_config(void);

// From PLplot's internal header <plplot/plplotP.h>, declared here because that header brings in
// PLplot's private stream and configuration headers. libplplot 5.15 exports the function. It
// returns the directory of PLplot's loadable drivers: $PLPLOT_DRV_DIR, or the directory compiled
// into the library.
const char *plGetDrvDir(void);

// Asks the processor to bring the cache line at `address` into its caches ahead of a read and a
// write. The update kernels call it a few writes ahead, because the devices one update writes
// are scattered over populations larger than the caches.
static inline void analogsim_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
