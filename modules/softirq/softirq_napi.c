// SPDX-License-Identifier: GPL-2.0
/*
 * plab_softirq: the NAPI source. A dummy net_device (never registered)
 * carries one NAPI context per selected CPU. The poll consumes up to its
 * weight and completes when the ring is empty, so net_rx_action's
 * netdev_budget and netdev_budget_usecs, the softirq restart limits and the
 * deferral to ksoftirqd act on it as on a real NIC. threaded=1 moves the
 * polls to napi/<dev>-<id> kthreads (dev_set_threaded()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "softirq.h"

static int sq_napi_poll(struct napi_struct *napi, int budget)
{
	struct sq_cpu *sc = container_of(napi, struct sq_cpu, napi);
	unsigned int done = sq_consume(sc, budget);

	/*
	 * A packet queued after sq_consume() looked at head finds the NAPI
	 * still scheduled: napi_schedule() then sets NAPI_STATE_MISSED, and
	 * napi_complete_done() reschedules instead of completing.
	 */
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

void sq_napi_kick(struct sq_cpu *sc)
{
	napi_schedule(&sc->napi);
}

int sq_napi_init(void)
{
	unsigned int weight = plab_param_uint_get(&sq_cfg.weight);
	struct net_device *dev;
	unsigned int cpu;
	int ret;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;
	init_dummy_netdev(dev);
	/* Names the NAPI threads: napi/plab_softirq-<id>. */
	strscpy(dev->name, KBUILD_MODNAME, sizeof(dev->name));
	sq_cfg.netdev = dev;

	for_each_cpu(cpu, sq_cfg.cpus)
		netif_napi_add_weight(dev, &per_cpu(sq_cpu, cpu).napi,
				      sq_napi_poll, weight);

	if (sq_cfg.threaded) {
		ret = dev_set_threaded(dev, true);
		if (ret) {
			pr_err("threaded=1: cannot start the NAPI threads (%d)\n",
			       ret);
			goto out_del;
		}
	}

	for_each_cpu(cpu, sq_cfg.cpus)
		napi_enable(&per_cpu(sq_cpu, cpu).napi);
	return 0;

out_del:
	for_each_cpu(cpu, sq_cfg.cpus)
		netif_napi_del(&per_cpu(sq_cpu, cpu).napi);
	kfree(dev);
	sq_cfg.netdev = NULL;
	return ret;
}

/* The generators are stopped: nothing schedules the NAPIs any more. */
void sq_napi_exit(void)
{
	unsigned int cpu;

	if (!sq_cfg.netdev)
		return;
	/* Waits for a running poll; a scheduled one is taken off the list. */
	for_each_cpu(cpu, sq_cfg.cpus)
		napi_disable(&per_cpu(sq_cpu, cpu).napi);
	/* Stops the NAPI threads; synchronize_net() for lockless readers. */
	for_each_cpu(cpu, sq_cfg.cpus)
		netif_napi_del(&per_cpu(sq_cpu, cpu).napi);
}

/* Last: nothing refers to the device once its NAPIs are deleted. */
void sq_napi_free(void)
{
	kfree(sq_cfg.netdev);
	sq_cfg.netdev = NULL;
}
